import { CreateLogAnomalyDetectorCommand, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../modules/key-policy';
import { credentialsIn, kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { main } from '../../cli/main';
import { PROJECT_ROOT, runCommand } from '../support/run-command';
import { uniqueName } from './support/unique-name';

// Regions no other test uses, so that "every detector of the region" is exactly this file's.
const REGION = 'ca-central-1';
const EMPTY_REGION = 'sa-east-1';
const WORKLOAD = '333344445555';

interface AuditJson {
  detectors: Array<{
    detectorArn: string;
    accountId: string;
    region: string;
    kmsKeyId: string | null;
    findings: Array<{ severity: string; rule: string; message: string }>;
  }>;
  logGroups: Array<{ logGroupArn: string; kmsKeyId: string; findings: Array<{ severity: string; rule: string }> }>;
}

/** Audit in this process, its environment pointing at local AWS (the test credentials are the process's). */
async function auditHere(args: string[]) {
  let stdout = '';
  let stderr = '';
  const env = { AWS_ENDPOINT_URL: localAwsEnv().endpoint, AWS_REGION: REGION };
  const code = await main(['audit', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => '', env, cwd: PROJECT_ROOT });
  return { code, stdout, stderr };
}

/** `npm run audit` as a user runs it: the SDK's default chain, AWS_ENDPOINT_URL to local AWS. */
function audit(args: string[], credentials: NodeJS.ProcessEnv = {}) {
  const env = localAwsEnv();
  return runCommand('npm', ['run', '--silent', 'audit', '--', ...args], {
    env: { ...process.env, AWS_ENDPOINT_URL: env.endpoint, AWS_REGION: REGION, ...credentials },
  });
}

/** A key whose policy lets CloudWatch Logs use it, with rotation on, and a detector made on it while it is usable. */
async function keyAndDetector(kms: KMSClient, logs: CloudWatchLogsClient, region: string, logGroupArn: string, name: string) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: name }));
  const key = KeyMetadata!;
  const policy = anomalyDetectorKeyPolicy({ region, account: key.AWSAccountId! });
  await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! }));
  const { anomalyDetectorArn } = await logs.send(
    new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: key.Arn!, detectorName: name }),
  );
  return { key, detectorArn: anomalyDetectorArn! };
}

/** A log group made with its own key, whose policy serves it (local AWS checks that at creation, as AWS does). */
async function encryptedLogGroup(kms: KMSClient, logs: CloudWatchLogsClient, region: string, name: string) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: name }));
  const key = KeyMetadata!;
  const policy = anomalyDetectorKeyPolicy({ region, account: key.AWSAccountId! }, [], [key.AWSAccountId!], [name]);
  await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: key.Arn! }));
  return { key, logGroupArn: `arn:aws:logs:${region}:${key.AWSAccountId!}:log-group:${name}` };
}

async function logGroup(logs: CloudWatchLogsClient, name: string): Promise<string> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups![0].logGroupArn ?? logGroups![0].arn!.replace(/:\*$/, '');
}

describe('audit against local AWS', () => {
  const kms = kmsClient({ region: REGION });
  const logs = logsClient({ region: REGION });
  const prefix = uniqueName('audit');
  const detectors: Record<string, string> = {};
  const keys: Record<string, string> = {};
  const logGroups: Record<string, string> = {};
  let ownKeyDetector: string;
  let account: string | undefined;

  beforeAll(async () => {
    const group = await logGroup(logs, `/${prefix}/app`);
    for (const name of ['good', 'disabled', 'pending-deletion', 'root-only-policy', 'rotation-off']) {
      const made = await keyAndDetector(kms, logs, REGION, group, `${prefix}-${name}`);
      detectors[name] = made.detectorArn;
      keys[name] = made.key.KeyId!;
      account = made.key.AWSAccountId;
    }
    for (const name of ['group-good', 'group-disabled']) {
      const made = await encryptedLogGroup(kms, logs, REGION, `/${prefix}/${name}`);
      logGroups[name] = made.logGroupArn;
      keys[name] = made.key.KeyId!;
    }
    ownKeyDetector = (await logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [group], detectorName: `${prefix}-own-key` })))
      .anomalyDetectorArn!;

    // Break the keys the way a console user or another team's stack would.
    await kms.send(new DisableKeyCommand({ KeyId: keys.disabled }));
    await kms.send(new DisableKeyCommand({ KeyId: keys['group-disabled'] }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keys['pending-deletion'], PendingWindowInDays: 7 }));
    const rootOnly = { Version: '2012-10-17', Statement: [accountRootStatement({ region: REGION, account: account! })] };
    await kms.send(new PutKeyPolicyCommand({ KeyId: keys['root-only-policy'], PolicyName: 'default', Policy: JSON.stringify(rootOnly) }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: keys['rotation-off'] }));
  });

  afterAll(async () => {
    for (const name of ['good', 'root-only-policy', 'rotation-off', 'disabled', 'group-good', 'group-disabled']) {
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keys[name], PendingWindowInDays: 7 }));
    }
  });

  test('each broken key gives its finding and severity; the good key and the region read give the rest', async () => {
    // Two regions in one run: the empty one adds nothing.
    const run = await audit(['--region', REGION, '--region', EMPTY_REGION, '--format', 'json', '--require-customer-key', '--fail-on', 'never']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as AuditJson;
    const byArn = new Map(report.detectors.map((d) => [d.detectorArn, d]));
    const rules = (name: string) => byArn.get(detectors[name])!.findings.map((f) => `${f.severity} ${f.rule}`);

    expect(report.detectors.map((d) => d.detectorArn).sort()).toEqual([...Object.values(detectors), ownKeyDetector].sort());
    expect(rules('good')).toEqual([]);
    expect(rules('disabled')).toEqual(['blocking key-disabled']);
    expect(rules('pending-deletion')).toEqual(['blocking key-pending-deletion']);
    expect(rules('root-only-policy')).toEqual(['blocking key-policy-denies-logs']);
    expect(rules('rotation-off')).toEqual(['warning key-rotation-off']);
    expect(byArn.get(ownKeyDetector)).toEqual({
      detectorArn: ownKeyDetector,
      accountId: account,
      region: REGION,
      kmsKeyId: null,
      findings: [expect.objectContaining({ severity: 'warning', rule: 'aws-owned-key' })],
    });

    const pending = byArn.get(detectors['pending-deletion'])!.findings[0].message;
    expect(pending).toMatch(/is pending deletion on \d{4}-\d\d-\d\dT[\d:.]+Z, in 7 days/);
    const denied = byArn.get(detectors['root-only-policy'])!.findings[0].message;
    expect(denied).toContain('kms:GenerateDataKey under kms:EncryptionContext:aws:logs:arn is allowed by no statement');
    expect(denied).toContain('kms:ReEncryptFrom under kms:EncryptionContext:aws-crypto-ec:aws:logs:arn');
    for (const d of report.detectors) expect(Object.keys(d).sort()).toEqual(['accountId', 'detectorArn', 'findings', 'kmsKeyId', 'region']);
  });

  test('a log group whose key was disabled after the group was made with it is blocking, beside the detectors; a log group on a usable key has no finding', async () => {
    const run = await auditHere(['--region', REGION, '--format', 'json', '--fail-on', 'never']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as AuditJson;
    const rules = Object.fromEntries(report.logGroups.map((g) => [g.logGroupArn, g.findings.map((f) => `${f.severity} ${f.rule}`)]));
    expect(rules).toEqual({ [logGroups['group-good']]: [], [logGroups['group-disabled']]: ['blocking key-disabled'] });
    expect(report.detectors.length).toBeGreaterThan(0);
  });

  test.each<[string, () => string[], number]>([
    ['the whole region, --fail-on blocking (default)', () => [], 1],
    ['a detector with a warning, --fail-on warning', () => ['--fail-on', 'warning', '--detector', detectors['rotation-off']], 1],
    ['a detector with a warning, --fail-on blocking', () => ['--fail-on', 'blocking', '--detector', detectors['rotation-off']], 0],
  ])('exit codes follow --fail-on: %s', async (_, args, code) => {
    const run = await auditHere(['--region', REGION, ...args()]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: '' });
    expect(run.stdout).toMatch(
      /^## Audit: CloudWatch Logs anomaly detectors and their KMS keys\n\n\| account \| detectors \| log groups \| blocking \| warnings \| unreadable \|\n\| --- \| --- \| --- \| --- \| --- \| --- \|\n\| \d{12} \| \d+ \| \d+ \| \d+ \| \d+ \| - \|\n\n\*\*\d+ detectors and \d+ log groups with a customer key in 1 account, ca-central-1, \d+ at risk\*\* · \d+ blocking, \d+ warnings\n/,
    );
  });

  test('a region with no detectors gives an empty, valid report', async () => {
    const run = await auditHere(['--region', EMPTY_REGION, '--format', 'json']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ detectors: [], logGroups: [], unreadable: [] });
  });

  test("a detector of a workload account on the central account's key: audited from the workload account, the key's policy cannot be read there", async () => {
    const credentials = await credentialsIn(WORKLOAD, { region: REGION });
    const workloadLogs = logsClient({ region: REGION, credentials });
    const group = await logGroup(workloadLogs, `/${prefix}/workload`);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const shared = anomalyDetectorKeyPolicy({ region: REGION, account: KeyMetadata!.AWSAccountId! }, [], [KeyMetadata!.AWSAccountId!, WORKLOAD]);
    await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, PolicyName: 'default', Policy: JSON.stringify(shared) }));
    const { anomalyDetectorArn } = await workloadLogs.send(
      new CreateLogAnomalyDetectorCommand({ logGroupArnList: [group], kmsKeyId: KeyMetadata!.Arn!, detectorName: `${prefix}-workload` }),
    );

    const run = await audit(['--region', REGION, '--format', 'json', '--fail-on', 'never'], {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const [detector] = (JSON.parse(run.stdout) as AuditJson).detectors;
    expect(detector.detectorArn).toBe(anomalyDetectorArn);
    expect(detector.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning key-policy-unreadable']);
    expect(detector.findings[0].message).toContain(`belongs to account ${KeyMetadata!.AWSAccountId!}`);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId!, PendingWindowInDays: 7 }));
  });

  test('a read that fails names the call and the region, exit 2', async () => {
    const run = await runCommand('npm', ['run', '--silent', 'audit', '--', '--region', REGION], {
      env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^audit: sts:GetCallerIdentity in ca-central-1 failed: /);
  });
});
