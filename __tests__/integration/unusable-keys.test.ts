import { DescribeLogGroupsCommand, ListLogAnomalyDetectorsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, CreateKeyCommandInput, DisableKeyCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { StackDeployment } from '../../tools/stack-deployment';
import { anomalyDetectorKeyPolicy } from '../../modules/key-policy';
import { DetectorTestStack } from './support/detector-test-stack';
import { kmsClient, localAwsEnv, logsClient, uniquePrefix } from './support/local-aws-env';

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

/** Keys made outside Terraform, each unusable by CloudWatch Logs for one reason. */
const unusableKeys: Array<[string, () => Promise<string>, RegExp]> = [
  [
    'a key whose policy lacks the CloudWatch Logs statements',
    async () => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!,
    /policy/i,
  ],
  [
    'a disabled key',
    async () => {
      const key = await createKeyWithLogsPolicy();
      // moto answers DisableKey given an ARN with an HTTP 500; AWS accepts both, so pass the id.
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      return key.Arn!;
    },
    /disabled/i,
  ],
  [
    'an asymmetric key',
    async () => (await createKeyWithLogsPolicy({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).Arn!,
    /symmetric/i,
  ],
];

describe.each(unusableKeys)('%s, against local AWS', (name, makeKey, expectedError) => {
  const namePrefix = uniquePrefix(name.split(' ').slice(-2).join('-').replace(/[^a-z-]/g, ''));
  const deployment = new StackDeployment(namePrefix);
  let keyArn: string;

  beforeAll(async () => {
    keyArn = await makeKey();
  });

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn.split('/').pop()!, PendingWindowInDays: 7 }));
  });

  test('apply fails with the service error and destroy leaves nothing behind', async () => {
    deployment.synth((app) => new DetectorTestStack(app, 'unusable', { ...env, namePrefix, key: keyArn, withKeys: false }));
    await expect(deployment.deploy()).rejects.toThrow(expectedError);

    await deployment.destroy();
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
    expect(logGroups ?? []).toEqual([]);
    const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({}));
    expect((anomalyDetectors ?? []).filter((d) => d.detectorName?.startsWith(namePrefix))).toEqual([]);
  });
});
