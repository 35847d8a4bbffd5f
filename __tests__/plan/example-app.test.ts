import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Terraform } from '../../terraform-runner/terraform';

const ROOT = resolve(__dirname, '..', '..');

describe('the example app, checked by the real hashicorp/aws provider', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'kms-anomaly-example-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('main.ts synthesizes without AWS credentials and prints nothing', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete env[name];
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  test('terraform init (offline mirror) and validate pass', async () => {
    const terraform = new Terraform(join(outdir, 'stacks', 'anomaly-detection'));
    await terraform.init();
    const { stdout } = await terraform.validate();
    expect(stdout).toContain('Success! The configuration is valid.');
  });
});
