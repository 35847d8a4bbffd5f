import {
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  ListLogAnomalyDetectorsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { effectiveChanges } from '../../terraform-runner/plan-json';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { accountRootStatement, anomalyDetectorLogsStatements, KeyPolicyDocument } from '../../modules/key-policy';
import { reviewPlan } from '../../cli/plan-review/review-plan';
import { renderMarkdown } from '../../cli/plan-review/render-markdown';
import { runPlanReview } from './support/plan-review-cli';
import { DetectorTestStack, DetectorTestStackProps } from './support/detector-test-stack';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// One deployment walked through its life: associate, swap keys, disassociate, destroy.
describe('key association, against local AWS', () => {
  const env = localAwsEnv();
  const namePrefix = uniqueName('association');
  const deployment = new StackDeployment(namePrefix);
  const logs = logsClient();
  const kms = kmsClient();
  const synth = (props: Partial<DetectorTestStackProps>) =>
    deployment.synth((app) => new DetectorTestStack(app, 'association', { ...env, namePrefix, key: 'a', ...props }));
  let outputs: Record<string, string>;

  /** Plans, checks that the detector is the only resource that changes, replaced, and returns the plan. */
  async function planReplacingOnlyTheDetector() {
    await deployment.plan();
    const plan = await deployment.planJson();
    expect(effectiveChanges(plan).map((c) => [c.type, c.change.actions])).toEqual([['aws_cloudwatch_log_anomaly_detector', ['delete', 'create']]]);
    return plan;
  }

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  });

  test('apply associates the detector with key A', async () => {
    synth({ key: 'a' });
    await deployment.plan();
    const review = reviewPlan(await deployment.planJson());
    expect(review.findings).toEqual([]);
    expect(review.associationChanges).toBe(true);
    expect(renderMarkdown(review)).toContain('**6 to add, 0 to change, 0 to replace, 0 to destroy** · 0 blocking, 0 warnings');
    await deployment.apply();
    outputs = await deployment.outputs();

    const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
    expect(detector.kmsKeyId).toBe(outputs.key_a_arn);
    expect(detector.logGroupArnList).toEqual([outputs.first_log_group_arn]);
    expect(detector.detectorName).toBe(`${namePrefix}-detector`);
  });

  test('the key policy holds both CloudWatch Logs statements with their conditions', async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: outputs.key_a_arn, PolicyName: 'default' }));
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: outputs.key_a_arn }));
    const statements = (JSON.parse(Policy ?? '{}') as KeyPolicyDocument).Statement;
    expect(statements).toEqual(expect.arrayContaining(anomalyDetectorLogsStatements({ region: env.region, account: KeyMetadata?.AWSAccountId ?? '' })));
  });

  test('tags round-trip', async () => {
    const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: outputs.detector_arn }));
    expect(tags).toEqual({ test: namePrefix });
  });

  test('a second plan reports no changes, and plan review says so', async () => {
    expect((await deployment.plan()).changes).toBe(false);
    expect(renderMarkdown(reviewPlan(await deployment.planJson()))).toContain('No changes.');
  });

  test('key A to key B replaces only the detector, which then holds key B', async () => {
    synth({ key: 'b' });
    const plan = await planReplacingOnlyTheDetector();
    const review = await runPlanReview(plan, ['--fail-on=replace']);
    expect(review.code).toBe(1);
    expect(review.stdout).toContain(
      `Detector replaced because kms_key_id changed from ${outputs.key_a_arn} to ${outputs.key_b_arn}: the old detector's learned patterns and anomalies are lost and its ARN changes.`,
    );
    expect(review.stdout).toContain('> Key association changes can take up to five minutes to take effect in CloudWatch Logs.');
    expect((await runPlanReview(plan, [])).code).toBe(0);
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
    const plan = await planReplacingOnlyTheDetector();
    expect(renderMarkdown(reviewPlan(plan))).toContain(`kms_key_id was removed (was ${outputs.key_b_arn}); CloudWatch Logs' own encryption from now on`);
    await deployment.apply();

    const before = outputs.detector_arn;
    outputs = await deployment.outputs();
    expect(outputs.detector_arn).not.toBe(before);
    const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
    expect(detector).not.toHaveProperty('kmsKeyId');
    expect((await deployment.plan()).changes).toBe(false);
  });

  test('plan review blocks a key policy that drops the CloudWatch Logs statements', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: outputs.key_a_arn }));
    const rootOnly = { Version: '2012-10-17', Statement: [accountRootStatement({ region: env.region, account: KeyMetadata!.AWSAccountId! })] };
    synth({ key: 'aws-owned', keyAPolicy: JSON.stringify(rootOnly) });
    await deployment.plan();
    const review = await runPlanReview(await deployment.planJson(), []);
    expect(review.code).toBe(1);
    expect(review.stdout).toContain('Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors');
    synth({ key: 'aws-owned' });
  });

  test('plan review blocks deleting the keys', async () => {
    await deployment.plan({ destroy: true });
    const markdown = renderMarkdown(reviewPlan(await deployment.planJson()));
    for (const arn of [outputs.key_a_arn, outputs.key_b_arn]) {
      expect(markdown).toContain(
        `Key ${arn} is scheduled for deletion: data encrypted with it (anomaly detectors, their models and findings) can no longer be retrieved.`,
      );
    }
  });

  test('destroy leaves no detector, keys pending deletion and no log groups', async () => {
    await deployment.destroy();
    const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({ filterLogGroupArn: outputs.first_log_group_arn }));
    expect(anomalyDetectors ?? []).toEqual([]);
    for (const keyArn of [outputs.key_a_arn, outputs.key_b_arn]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
      expect(KeyMetadata?.KeyState).toBe('PendingDeletion');
    }
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
    expect(logGroups ?? []).toEqual([]);
  });
});
