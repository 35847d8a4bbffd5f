import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderModuleReadme } from '../../../module-generator/module-readme';
import { ModuleFiles } from '../../../module-generator/module-files';
import { synthesizeModuleFiles } from '../../../module-generator/synthesize-module';
import { PROJECT_ROOT } from '../../support/run-command';

/** The README's table rows, by first-column name. */
function tableRows(readme: string, section: string): Map<string, string[]> {
  const body = readme.split(`## ${section}\n`)[1].split('\n## ')[0];
  const rows = body.split('\n').filter((line) => line.startsWith('| `'));
  return new Map(
    rows.map((row) => {
      // Cell separators are ' | '; pipes inside cells are escaped ('\\|').
      const cells = row.slice(2, -2).split(' | ');
      return [cells[0].replace(/`/g, ''), cells];
    }),
  );
}

describe('the module README, generated from the same files as the module', () => {
  let files: ModuleFiles;
  let readme: string;

  beforeAll(() => {
    files = synthesizeModuleFiles();
    readme = renderModuleReadme(files);
  });

  test('lists every variable, and only those, with its type, default and description', () => {
    const variables = files['variables.tf.json'].variable as Record<string, { type: string; default?: unknown; description: string }>;
    const rows = tableRows(readme, 'Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(variables).sort());
    for (const [name, v] of Object.entries(variables)) {
      const [, description, type, defaultValue, required] = rows.get(name)!;
      expect(description).toBe(v.description.replace(/\|/g, '\\|'));
      expect(type).toBe(`\`${v.type}\``);
      expect([defaultValue, required]).toEqual('default' in v ? [`\`${JSON.stringify(v.default)}\``, 'no'] : ['n/a', 'yes']);
    }
  });

  test('lists every output, and only those, with its description', () => {
    const outputs = files['outputs.tf.json'].output as Record<string, { description: string }>;
    const rows = tableRows(readme, 'Outputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(outputs).sort());
    for (const [name, o] of Object.entries(outputs)) expect(rows.get(name)![1]).toBe(o.description);
  });

  test("shows the module taken from the project's git repository at this version's release tag, and points to the examples", () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(readme).toContain(`  source = "git::https://github.com/kms-anomaly-detector/kms-anomaly-detector.git//terraform-module?ref=v${version}"`);
    expect(readme).toContain('`examples/basic`');
    expect(readme).toContain('`examples/existing-key`');
  });

  test('says that the created key is always protected by prevent_destroy', () => {
    expect(readme).toContain('**The created key is always protected with `prevent_destroy = true`.**');
  });
});
