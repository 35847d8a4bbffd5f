import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_FILE_NAMES } from './module-files';
import { renderModuleReadme } from './module-readme';
import { synthesizeModuleFiles } from './synthesize-module';

const MODULE_README = 'README.md';

/**
 * The generated files of the Terraform module (the four .tf.json files and README.md), by file
 * name, exactly as written: the staleness test compares these with the committed copies.
 */
export function renderTerraformModule(): Record<string, string> {
  const files = synthesizeModuleFiles();
  return {
    ...Object.fromEntries(MODULE_FILE_NAMES.map((name) => [name, JSON.stringify(files[name], null, 2) + '\n'])),
    [MODULE_README]: renderModuleReadme(files),
  };
}

/**
 * Writes the generated files into `outDir`, replacing files of the same names. Nothing else is
 * touched or removed: the hand-written `examples/` live next to the generated files.
 * Returns the paths written.
 */
export function writeTerraformModule(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(renderTerraformModule()).map(([name, content]) => {
    const path = join(outDir, name);
    writeFileSync(path, content);
    return path;
  });
}
