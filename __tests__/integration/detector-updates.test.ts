import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { reviewPlan } from '../../cli/plan-review/review-plan';
import { DetectorTestStack, DetectorTestStackProps } from './support/detector-test-stack';
import { localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// Which changes update the detector in place and which replace it, and that each converges.
describe('detector updates, against local AWS', () => {
  const env = localAwsEnv();
  const namePrefix = uniqueName('updates');
  const deployment = new StackDeployment(namePrefix);
  const logs = logsClient();
  const synth = (props: Partial<DetectorTestStackProps>) =>
    deployment.synth((app) => new DetectorTestStack(app, 'updates', { ...env, namePrefix, key: 'a', ...props }));
  const detectorArn = async () => (await deployment.outputs()).detector_arn;
  const getDetector = async (anomalyDetectorArn: string) => logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }));

  /** Plans, checks what the plan does to the detector, applies, and checks the next plan is empty. */
  async function applyExpecting(action: 'update' | 'replace', reviewed?: { why: string; findings: number }) {
    const { plannedChanges } = await deployment.plan();
    expect(plannedChanges.filter((c) => c.type === 'aws_cloudwatch_log_anomaly_detector').map((c) => c.action)).toEqual([action]);
    if (reviewed) {
      const review = reviewPlan(await deployment.planJson());
      expect(review.changes.find((c) => c.address.startsWith('aws_cloudwatch_log_anomaly_detector.'))?.why).toBe(reviewed.why);
      expect(review.findings).toHaveLength(reviewed.findings);
    }
    await deployment.apply();
    expect((await deployment.plan()).changes).toBe(false);
  }

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  });

  test('setup: a running detector on the first log group', async () => {
    synth({});
    await deployment.deploy();
    expect((await getDetector(await detectorArn())).anomalyDetectorStatus).toBe('TRAINING');
  });

  test('evaluationFrequency and enabled update in place: same ARN, new frequency, paused', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', enabled: false });
    await applyExpecting('update', { why: 'in place: enabled, evaluation_frequency', findings: 0 });
    expect(await detectorArn()).toBe(arn);
    expect(await getDetector(arn)).toMatchObject({ evaluationFrequency: 'FIVE_MIN', anomalyDetectorStatus: 'PAUSED' });
  });

  test('filterPattern alone replaces the detector, and the new one holds the pattern', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', filterPattern: '%ERROR%' });
    await applyExpecting('replace', { why: 'filter_pattern changed (hashicorp/aws cannot update them in place)', findings: 1 });
    const replaced = await detectorArn();
    expect(replaced).not.toBe(arn);
    expect((await getDetector(replaced)).filterPattern).toBe('%ERROR%');
  });

  // CreateLogAnomalyDetector has no `enabled` field and hashicorp/aws 5.100.0 reads no status
  // back, so a detector created with enabled false runs until its next update. The construct
  // warns at synth; this pins the behaviour so a provider fix is noticed.
  test('a changed log-group list replaces the detector; created with enabled false, it still runs', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', filterPattern: '%ERROR%', logGroups: ['first', 'second'], enabled: false });
    await applyExpecting('replace');
    const replaced = await detectorArn();
    expect(replaced).not.toBe(arn);
    const outputs = await deployment.outputs();
    expect(await getDetector(replaced)).toMatchObject({
      logGroupArnList: [outputs.first_log_group_arn, outputs.second_log_group_arn],
      anomalyDetectorStatus: 'TRAINING',
    });
  });
});
