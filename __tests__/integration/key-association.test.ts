import {
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  ListLogAnomalyDetectorsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { effectiveChanges } from '../../tools/plan-json';
import { StackDeployment } from '../../tools/stack-deployment';
import { anomalyDetectorLogsStatements } from '../../modules/key-policy';
import { DetectorTestStack, DetectorTestStackProps } from './support/detector-test-stack';
import { kmsClient, localAwsEnv, logsClient, uniquePrefix } from './support/local-aws-env';

// One deployment walked through its life: associate, swap keys, disassociate, destroy.
describe('key association, against local AWS', () => {
  const env = localAwsEnv();
  const namePrefix = uniquePrefix('association');
  const deployment = new StackDeployment(namePrefix);
  const logs = logsClient();
  const kms = kmsClient();
  const synth = (props: Partial<DetectorTestStackProps>) =>
    deployment.synth((app) => new DetectorTestStack(app, 'association', { ...env, namePrefix, key: 'a', ...props }));
  let outputs: Record<string, string>;

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  });

  test('apply associates the detector with key A', async () => {
    synth({ key: 'a' });
    await deployment.deploy();
    outputs = await deployment.outputs();

    const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
    expect(detector.kmsKeyId).toBe(outputs.key_a_arn);
    expect(detector.logGroupArnList).toEqual([outputs.first_log_group_arn]);
    expect(detector.detectorName).toBe(`${namePrefix}-detector`);
  });

  test('the key policy holds both CloudWatch Logs statements with their conditions', async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: outputs.key_a_arn, PolicyName: 'default' }));
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: outputs.key_a_arn }));
    const statements = JSON.parse(Policy ?? '{}').Statement;
    expect(statements).toEqual(
      expect.arrayContaining(anomalyDetectorLogsStatements({ region: env.region, account: KeyMetadata?.AWSAccountId ?? '' })),
    );
  });

  test('tags round-trip', async () => {
    const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: outputs.detector_arn }));
    expect(tags).toEqual({ test: namePrefix });
  });

  test('a second plan reports no changes', async () => {
    expect((await deployment.plan()).changes).toBe(false);
  });

  test('key A to key B replaces only the detector, which then holds key B', async () => {
    synth({ key: 'b' });
    const { plan } = await deployment.plan();
    expect(effectiveChanges(plan).map((c) => [c.type, c.change.actions])).toEqual([
      ['aws_cloudwatch_log_anomaly_detector', ['delete', 'create']],
    ]);
    await deployment.apply();

    const before = outputs.detector_arn;
    outputs = await deployment.outputs();
    expect(outputs.detector_arn).not.toBe(before);
    const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
    expect(detector.kmsKeyId).toBe(outputs.key_b_arn);
    await expect(logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: before }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect((await deployment.plan()).changes).toBe(false);
  });

  test("key to 'aws-owned' replaces the detector, which then has no key", async () => {
    synth({ key: 'aws-owned' });
    const { plan } = await deployment.plan();
    expect(effectiveChanges(plan).map((c) => [c.type, c.change.actions])).toEqual([
      ['aws_cloudwatch_log_anomaly_detector', ['delete', 'create']],
    ]);
    await deployment.apply();

    const before = outputs.detector_arn;
    outputs = await deployment.outputs();
    expect(outputs.detector_arn).not.toBe(before);
    const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
    expect(detector).not.toHaveProperty('kmsKeyId');
    expect((await deployment.plan()).changes).toBe(false);
  });

  test('destroy leaves no detector, keys pending deletion and no log groups', async () => {
    await deployment.destroy();
    const { anomalyDetectors } = await logs.send(
      new ListLogAnomalyDetectorsCommand({ filterLogGroupArn: outputs.first_log_group_arn }),
    );
    expect(anomalyDetectors ?? []).toEqual([]);
    for (const keyArn of [outputs.key_a_arn, outputs.key_b_arn]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
      expect(KeyMetadata?.KeyState).toBe('PendingDeletion');
    }
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
    expect(logGroups ?? []).toEqual([]);
  });
});
