import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderTerraformModule, writeTerraformModule } from '../../../module-generator/write-terraform-module';

/** Users take the module from git, so the committed copy must be what the generator writes now. */
const COMMITTED_MODULE = resolve(__dirname, '..', '..', '..', 'terraform-module');
const REGENERATE = 'run `npm run build:module` and commit terraform-module/.';
const GENERATED_FILES = [
  'README.md',
  'aws6/main.tf.json',
  'aws6/outputs.tf.json',
  'aws6/variables.tf.json',
  'aws6/versions.tf.json',
  'main.tf.json',
  'outputs.tf.json',
  'variables.tf.json',
  'versions.tf.json',
];

describe('the committed Terraform module (terraform-module/)', () => {
  let generated: Record<string, string>;

  beforeAll(() => {
    generated = renderTerraformModule();
  });

  test('the generator writes exactly the files checked here', () => {
    expect(Object.keys(generated).sort()).toEqual(GENERATED_FILES);
  });

  test.each(GENERATED_FILES)('%s is, byte for byte, what the generator writes today', (name) => {
    const path = join(COMMITTED_MODULE, name);
    if (!existsSync(path)) throw new Error(`terraform-module/${name} is missing: ${REGENERATE}`);
    const committed = readFileSync(path);
    // Checked by hand (not toEqual) so that the failure says what to do, not only where the texts differ.
    if (!committed.equals(Buffer.from(generated[name]))) {
      const [ours, theirs] = [generated[name].split('\n'), committed.toString('utf8').split('\n')];
      const line = Array.from({ length: Math.max(ours.length, theirs.length) }, (_, i) => i).find((i) => ours[i] !== theirs[i])! + 1;
      throw new Error(`terraform-module/${name} is out of date (first difference at line ${line}): ${REGENERATE}`);
    }
  });

  test('regenerating leaves the hand-written examples in place', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kms-anomaly-module-write-'));
    try {
      const example = join(outDir, 'examples', 'basic', 'main.tf');
      mkdirSync(join(outDir, 'examples', 'basic'), { recursive: true });
      writeFileSync(example, '# hand-written\n');
      const written = writeTerraformModule(outDir);
      expect(written.sort()).toEqual(GENERATED_FILES.map((name) => join(outDir, name)));
      expect(readFileSync(example, 'utf8')).toBe('# hand-written\n');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
