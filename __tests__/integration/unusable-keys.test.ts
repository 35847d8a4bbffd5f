import { DescribeLogGroupsCommand, ListLogAnomalyDetectorsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, CreateKeyCommandInput, DisableKeyCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EncryptedLogAnomalyDetector } from '../../modules/encrypted-log-anomaly-detector';
import { anomalyDetectorKeyPolicy } from '../../modules/key-policy';
import { localAwsProviderSettings } from '../../localstack/provider-settings';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

const kms = kmsClient();
const logs = logsClient();
const env = localAwsEnv();

/** A key whose policy allows CloudWatch Logs, for the backend's account (moto and LocalStack differ). */
async function createKeyWithLogsPolicy(input: CreateKeyCommandInput = {}) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input));
  const policy = anomalyDetectorKeyPolicy({ region: env.region, account: KeyMetadata!.AWSAccountId! });
  await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  return KeyMetadata!;
}

// Keys made outside Terraform, each unusable by CloudWatch Logs for one reason. One stack holds
// a detector per key, so one apply shows all three failures (Terraform reports every error).
describe('keys CloudWatch Logs cannot use, against local AWS', () => {
  const namePrefix = uniqueName('unusable');
  const deployment = new StackDeployment(namePrefix);
  const keys: Record<string, string> = {};
  let applyError: Error;

  beforeAll(async () => {
    keys['no-logs-policy'] = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const disabled = await createKeyWithLogsPolicy();
    // moto answers DisableKey given an ARN with an HTTP 500; AWS accepts both, so pass the id.
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId! }));
    keys.disabled = disabled.Arn!;
    keys.asymmetric = (await createKeyWithLogsPolicy({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).Arn!;

    deployment.synth((app) => {
      const stack = new TerraformStack(app, 'unusable');
      new AwsProvider(stack, 'aws', { region: env.region, ...localAwsProviderSettings(env) });
      const group = new CloudwatchLogGroup(stack, 'group', { name: `/${namePrefix}/app` });
      for (const [name, key] of Object.entries(keys)) {
        new EncryptedLogAnomalyDetector(stack, name, { logGroups: [group], key, detectorName: `${namePrefix}-${name}` });
      }
      return stack;
    });
    applyError = await deployment.deploy().then(
      () => new Error('apply succeeded'),
      (e: Error) => e,
    );
  });

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
    for (const arn of Object.values(keys)) {
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn.split('/').pop()!, PendingWindowInDays: 7 }));
    }
  });

  test.each([
    ['no-logs-policy', /has a key policy that does not let logs\.us-east-1\.amazonaws\.com call kms:GenerateDataKey/],
    ['disabled', /is disabled \(KeyState Disabled\)/],
    ['asymmetric', /CloudWatch Logs supports only symmetric keys/],
  ])('apply fails for the %s key with InvalidParameterException naming the reason', (name, reason) => {
    // Terraform wraps long messages; compare them as one line.
    const failure = applyError.message
      .replace(/\s+/g, ' ')
      .split('Error: ')
      .find((part) => part.includes(keys[name]));
    expect(failure).toContain('InvalidParameterException');
    expect(failure).toMatch(reason);
  });

  test('no detector was made; the log group the failed apply did make is gone after destroy', async () => {
    const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({}));
    expect((anomalyDetectors ?? []).filter((d) => d.detectorName?.startsWith(namePrefix))).toEqual([]);
    const before = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
    expect(before.logGroups?.map((g) => g.logGroupName)).toEqual([`/${namePrefix}/app`]);
    await deployment.destroy();
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
    expect(logGroups ?? []).toEqual([]);
  });
});
