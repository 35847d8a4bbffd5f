import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_FILE_NAMES } from './module-files';
import { renderModuleReadme } from './module-readme';
import { synthesizeModuleFiles } from './synthesize-module';

const MODULE_README = 'README.md';
/** The variant whose resources take hashicorp/aws 6's `region` argument, a folder of the module. */
export const AWS6_FOLDER = 'aws6';

/**
 * The generated files of the Terraform module (the four .tf.json files, README.md, and the
 * aws6/ variant's four .tf.json files), by path in the module, exactly as written: the
 * staleness test compares these with the committed copies.
 */
export function renderTerraformModule(): Record<string, string> {
  const files = synthesizeModuleFiles();
  const aws6 = synthesizeModuleFiles({ regionArgument: true });
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  return {
    ...Object.fromEntries(MODULE_FILE_NAMES.map((name) => [name, json(files[name])])),
    ...Object.fromEntries(MODULE_FILE_NAMES.map((name) => [`${AWS6_FOLDER}/${name}`, json(aws6[name])])),
    [MODULE_README]: renderModuleReadme(files),
  };
}

/**
 * Writes the generated files into `outDir`, replacing files of the same names. Nothing else is
 * touched or removed: the hand-written `examples/` live next to the generated files.
 * Returns the paths written.
 */
export function writeTerraformModule(outDir: string): string[] {
  mkdirSync(join(outDir, AWS6_FOLDER), { recursive: true });
  return Object.entries(renderTerraformModule()).map(([name, content]) => {
    const path = join(outDir, name);
    writeFileSync(path, content);
    return path;
  });
}
