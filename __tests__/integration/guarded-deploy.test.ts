import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { EXAMPLE_STACK_NAME } from '../../stacks/example-config';
import { Terraform } from '../../terraform-runner/terraform';
import { PROJECT_ROOT, runCommand } from '../support/run-command';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// `npm run deploy` on the example app, as a user runs it in the app's folder: the app's own
// cdktf.json, state next to it, local AWS through AWS_ENDPOINT_URL as for `cdktf deploy`.
describe('the guarded deploy', () => {
  const local = localAwsEnv();
  const appDir = mkdtempSync(join(tmpdir(), 'kms-anomaly-guarded-'));
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: local.endpoint,
    NAME_PREFIX: uniqueName('guarded'),
    // The example's opt-in that lets a key leave the configuration to be deleted.
    KEY_PREVENT_DESTROY: 'false',
  };
  const deploy = (variables: NodeJS.ProcessEnv, args: string[] = []) =>
    runCommand('npm', ['run', '--silent', 'deploy', '--', '--app-dir', appDir, ...args], { env: { ...env, ...variables } });
  const stackDir = join(appDir, 'cdktf.out', 'stacks', EXAMPLE_STACK_NAME);
  const outputs = async () =>
    Object.fromEntries(
      Object.entries(JSON.parse((await new Terraform(stackDir, { env }).run(['output', '-json'])).stdout) as Record<string, { value: string }>).map(
        ([k, v]) => [k, v.value],
      ),
    );
  const keyState = async (arn: string) => (await kmsClient().send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState;
  let created: Record<string, string>;

  beforeAll(() => {
    writeFileSync(
      join(appDir, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: `${join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx')} ${join(PROJECT_ROOT, 'main.ts')}` }),
    );
  });

  afterAll(async () => {
    await new Terraform(stackDir, { env: { ...env, ANOMALY_DETECTOR_KEY: 'aws-owned' } }).destroy();
    rmSync(appDir, { recursive: true, force: true });
  });

  test('applies a plan with nothing blocking and says so', async () => {
    const result = await deploy({ ANOMALY_DETECTOR_KEY: 'new' });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('**6 to add, 0 to change, 0 to replace, 0 to destroy** · 0 blocking, 0 warnings');
    expect(result.stdout).toContain('Applied the reviewed plan.');
    expect(result.stdout).toMatch(/^ {2}aws_cloudwatch_log_anomaly_detector\.detector_Detector_[0-9A-F]+: created in \d+ s$/m);
    created = await outputs();
    expect(await keyState(created.key_arn)).toBe('Enabled');
  });

  test('refuses a plan that deletes the key: exit 1, the blocking finding printed, nothing changed', async () => {
    const result = await deploy({ ANOMALY_DETECTOR_KEY: 'aws-owned' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`(key-deletion): \`Key ${created.key_arn} is scheduled for deletion`);
    expect(result.stdout).toContain('Refused: 1 blocking finding(s) (key-deletion); nothing was applied.');
    expect(result.stdout).toContain('run again with --allow-key-deletion');
    expect(await keyState(created.key_arn)).toBe('Enabled');
    const detector = await logsClient().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: created.detector_arn }));
    expect(detector.kmsKeyId).toBe(created.key_arn);
  });

  test('with --allow-key-deletion it applies the reviewed deletion', async () => {
    const result = await deploy({ ANOMALY_DETECTOR_KEY: 'aws-owned' }, ['--allow-key-deletion']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Applied the reviewed plan.');
    expect(await keyState(created.key_arn)).toBe('PendingDeletion');
    expect((await outputs()).detector_arn).not.toBe(created.detector_arn);
  });

  test('bad input: an unknown flag or a folder without cdktf.json exits 2 naming it', async () => {
    const unknown = await deploy({}, ['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^deploy: Unknown option '--bogus'/);
    const noApp = await runCommand('npm', ['run', '--silent', 'deploy', '--', '--app-dir', tmpdir()], { env });
    expect(noApp.code).toBe(2);
    expect(noApp.stderr).toContain(`deploy: no cdktf.json in ${tmpdir()}`);
  });
});
