import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProviderMirror, findTerraformBinary, TerraformNotFoundError, terraformEnvironment, writeCliConfig } from '../../../terraform-runner/terraform';

describe('terraform runner', () => {
  const folders: string[] = [];
  const newFolder = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tfrc-'));
    folders.push(dir);
    return dir;
  };
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('a missing terraform binary gives one clear error', () => {
    expect(() => findTerraformBinary({ PATH: '/nonexistent' })).toThrow(TerraformNotFoundError);
    expect(() => findTerraformBinary({ PATH: '/nonexistent' })).toThrow('terraform was not found on PATH (nor at TERRAFORM_BINARY)');
  });

  test('TF_PLUGIN_MIRROR must hold the aws provider', () => {
    expect(() => findProviderMirror({ TF_PLUGIN_MIRROR: '/tmp' })).toThrow('TF_PLUGIN_MIRROR=/tmp holds no registry.terraform.io/hashicorp/aws folder');
  });

  test('the offline CLI config makes the mirror the only provider source', () => {
    const dir = newFolder();
    const config = readFileSync(writeCliConfig('/opt/mirror', dir), 'utf8');
    expect(config).toContain('filesystem_mirror {\n    path    = "/opt/mirror"');
    expect(config).not.toContain('plugin_cache_dir');
  });

  test('the config is renamed into place, never rewritten in place: a second write leaves one file, unchanged', () => {
    const dir = newFolder();
    const file = writeCliConfig('/opt/mirror', dir);
    const { ino } = statSync(file);
    expect(writeCliConfig('/opt/mirror', dir)).toBe(file);
    expect(statSync(file).ino).toBe(ino);
    writeCliConfig('/opt/other-mirror', dir);
    expect(readFileSync(file, 'utf8')).toContain('"/opt/other-mirror"');
    expect(readdirSync(dir)).toEqual(['offline.tfrc']);
  });

  test('without a mirror the registry stays the source, with a shared plugin cache', () => {
    const dir = newFolder();
    const config = readFileSync(writeCliConfig(undefined, dir), 'utf8');
    expect(config).not.toContain('provider_installation');
    expect(config).toContain(`plugin_cache_dir = "${join(dir, 'plugin-cache')}"`);
  });

  test("the child environment overrides the user's TF_CLI_CONFIG_FILE and disables prompts", () => {
    const env = terraformEnvironment({}, { TF_CLI_CONFIG_FILE: '/root/.terraformrc', PATH: process.env.PATH });
    expect(env.TF_CLI_CONFIG_FILE).not.toBe('/root/.terraformrc');
    expect(env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  test("terraform and its provider get GOGC=400 (less garbage-collection CPU), unless the user's environment sets GOGC", () => {
    expect(terraformEnvironment({}, { PATH: process.env.PATH }).GOGC).toBe('400');
    expect(terraformEnvironment({}, { PATH: process.env.PATH, GOGC: '100' }).GOGC).toBe('100');
  });
});

describe('terraformEnvironment with a caller environment', () => {
  test("the runner's CLI config wins over a TF_CLI_CONFIG_FILE passed in the extra environment", () => {
    const env = terraformEnvironment({ TF_CLI_CONFIG_FILE: '/nowhere/.terraformrc', AWS_REGION: 'eu-west-1' }, { PATH: process.env.PATH });
    expect(env.TF_CLI_CONFIG_FILE).toMatch(/kms-anomaly-detector\/terraform\/(offline|online)\.tfrc$/);
    expect(env.AWS_REGION).toBe('eu-west-1');
  });
});
