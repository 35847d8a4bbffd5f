import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseResourceAddress } from './resource-address';
import { SarifLocation } from './render-sarif';

const BLOCK_KEYWORD = { managed: 'resource', data: 'data' } as const;

/** `resource "TYPE" "NAME"` (or `data ...`) at the start of an HCL line: its keyword and labels. A fixed pattern over the configuration's own lines. */
const HCL_BLOCK = /^\s*(resource|data)\s+"([^"]*)"\s+"([^"]*)"/;

/** The first line from `from` holding the JSON member `"key":`, compared as text, never as a pattern. */
function memberLine(lines: readonly string[], key: string, from: number): number {
  const quoted = JSON.stringify(key);
  return lines.findIndex((line, i) => {
    if (i < from) return false;
    const at = line.indexOf(quoted);
    return (
      at >= 0 &&
      line
        .slice(at + quoted.length)
        .trimStart()
        .startsWith(':')
    );
  });
}

/** Whether a JSON configuration declares the block at all: the line search below only places it. */
function declaredInJson(text: string, keyword: string, type: string, name: string): boolean {
  const config = parsedJson(text);
  return config !== undefined && Object.hasOwn(config[keyword]?.[type] ?? {}, name);
}

type JsonConfig = Record<string, Record<string, Record<string, unknown>> | undefined>;
let lastText: string | undefined;
let lastConfig: JsonConfig | undefined;

/** The configuration as JSON (undefined for HCL); one file meets every finding in turn, so it is parsed once. */
function parsedJson(text: string): JsonConfig | undefined {
  if (text !== lastText) {
    lastText = text;
    try {
      lastConfig = JSON.parse(text) as JsonConfig;
    } catch {
      lastConfig = undefined;
    }
  }
  return lastConfig;
}

/**
 * The 1-based line where the resource at `address` is declared: `resource "TYPE" "NAME"` in HCL,
 * or the `"NAME":` member after the `"TYPE":` one in JSON configuration; undefined when it is not
 * there, or the address is not one. Type and name both come from a parsed address, so an index
 * key that reads like another address anchors nothing.
 */
export function declarationLine(text: string, address: string): number | undefined {
  const resource = parseResourceAddress(address);
  if (!resource) return undefined;
  const keyword = BLOCK_KEYWORD[resource.mode];
  const lines = text.split('\n');
  const hclLine = lines.findIndex((line) => {
    const block = HCL_BLOCK.exec(line);
    return block !== null && block[1] === keyword && block[2] === resource.type && block[3] === resource.name;
  });
  if (hclLine >= 0) return hclLine + 1;
  if (!declaredInJson(text, keyword, resource.type, resource.name)) return undefined;
  const typeLine = memberLine(lines, resource.type, 0);
  const nameLine = typeLine < 0 ? -1 : memberLine(lines, resource.name, typeLine + 1);
  return nameLine >= 0 ? nameLine + 1 : undefined;
}

/** A path as code scanning names files: relative to `root`, forward slashes. */
export const uriOf = (path: string, root: string): string => relative(root, path).split(sep).join('/');

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
