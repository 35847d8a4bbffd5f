import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SarifLocation } from './render-sarif';

/** `aws_kms_key.main`, `module.m.aws_kms_key.main["x"]` → its type and name. */
function typeAndName(address: string): { type: string; name: string } | undefined {
  const parts = address.replace(/\[[^\]]*\]$/, '').split('.');
  return parts.length >= 2 ? { type: parts[parts.length - 2], name: parts[parts.length - 1] } : undefined;
}

const quoted = (s: string) => `"${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`;

/**
 * The 1-based line where the resource at `address` is declared: `resource "TYPE" "NAME"` in HCL,
 * or the `"NAME":` member after the `"TYPE":` one in JSON configuration; undefined when it is not there.
 */
export function declarationLine(text: string, address: string): number | undefined {
  const resource = typeAndName(address);
  if (!resource) return undefined;
  const lines = text.split('\n');
  const hcl = new RegExp(`^\\s*resource\\s+${quoted(resource.type)}\\s+${quoted(resource.name)}`);
  const hclLine = lines.findIndex((l) => hcl.test(l));
  if (hclLine >= 0) return hclLine + 1;
  const typeMember = new RegExp(`${quoted(resource.type)}\\s*:`);
  const nameMember = new RegExp(`${quoted(resource.name)}\\s*:`);
  const typeLine = lines.findIndex((l) => typeMember.test(l));
  if (typeLine < 0) return undefined;
  const nameLine = lines.findIndex((l, i) => i > typeLine && nameMember.test(l));
  return nameLine >= 0 ? nameLine + 1 : undefined;
}

/** A path as code scanning names files: relative to `root`, forward slashes. */
const uriOf = (path: string, root: string) => relative(root, path).split(sep).join('/');

/**
 * Where each finding of one plan is anchored: the declaration of its resource in the
 * configuration (a file, or the .tf/.tf.json file of a folder that declares it); a resource the
 * configuration no longer declares (destroyed, forgotten) at line 1 of the configuration; with
 * no configuration, line 1 of the plan file.
 */
export function findingLocator(planFile: string, configPath: string | undefined, root: string): (address: string) => SarifLocation {
  if (configPath === undefined || !existsSync(configPath)) return () => ({ uri: uriOf(planFile, root), startLine: 1 });
  const files = statSync(configPath).isDirectory()
    ? readdirSync(configPath)
        .filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json'))
        .sort()
        .map((f) => join(configPath, f))
    : [configPath];
  const texts = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  return (address) => {
    for (const { file, text } of texts) {
      const line = declarationLine(text, address);
      if (line !== undefined) return { uri: uriOf(file, root), startLine: line };
    }
    return { uri: uriOf(files[0] ?? configPath, root), startLine: 1 };
  };
}
