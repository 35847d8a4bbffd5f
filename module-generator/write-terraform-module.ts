import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_FILE_NAMES } from './module-files';
import { renderModuleReadme } from './module-readme';
import { synthesizeModuleFiles } from './synthesize-module';

const MODULE_README = 'README.md';

/**
 * Writes the Terraform module (the four .tf.json files and README.md) into `outDir`,
 * replacing files of the same names. Returns the paths written.
 */
export function writeTerraformModule(outDir: string): string[] {
  const files = synthesizeModuleFiles();
  mkdirSync(outDir, { recursive: true });
  const written = MODULE_FILE_NAMES.map((name) => {
    const path = join(outDir, name);
    writeFileSync(path, JSON.stringify(files[name], null, 2) + '\n');
    return path;
  });
  const readme = join(outDir, MODULE_README);
  writeFileSync(readme, renderModuleReadme(files));
  return [...written, readme];
}
