import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { effectiveChanges } from '../../tools/plan-json';
import { StackDeployment } from '../../tools/stack-deployment';
import { DetectorTestStack, DetectorTestStackProps } from './support/detector-test-stack';
import { localAwsEnv, logsClient, uniquePrefix } from './support/local-aws-env';

// Which changes update the detector in place and which replace it, and that each converges.
describe('detector updates, against local AWS', () => {
  const env = localAwsEnv();
  const namePrefix = uniquePrefix('updates');
  const deployment = new StackDeployment(namePrefix);
  const logs = logsClient();
  const synth = (props: Partial<DetectorTestStackProps>) =>
    deployment.synth((app) => new DetectorTestStack(app, 'updates', { ...env, namePrefix, key: 'a', ...props }));
  const detectorArn = async () => (await deployment.outputs()).detector_arn;
  const getDetector = async (anomalyDetectorArn: string) => logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }));

  /** Plans, checks what the plan does to the detector, applies, and checks the next plan is empty. */
  async function applyExpecting(actions: string[]) {
    const { plan } = await deployment.plan();
    const detectorChange = effectiveChanges(plan).find((c) => c.type === 'aws_cloudwatch_log_anomaly_detector');
    expect(detectorChange?.change.actions).toEqual(actions);
    await deployment.apply();
    expect((await deployment.plan()).changes).toBe(false);
  }

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  });

  test('setup: a detector on the first log group', async () => {
    synth({});
    await deployment.deploy();
    expect((await getDetector(await detectorArn())).anomalyDetectorStatus).toBe('TRAINING');
  });

  test('evaluationFrequency updates in place', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN' });
    await applyExpecting(['update']);
    expect(await detectorArn()).toBe(arn);
    expect((await getDetector(arn)).evaluationFrequency).toBe('FIVE_MIN');
  });

  test('enabled false pauses the detector in place', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', enabled: false });
    await applyExpecting(['update']);
    expect(await detectorArn()).toBe(arn);
    expect((await getDetector(arn)).anomalyDetectorStatus).toBe('PAUSED');
  });

  test('filterPattern alone replaces the detector, and the new one holds the pattern', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', filterPattern: '%ERROR%' });
    await applyExpecting(['delete', 'create']);
    const replaced = await detectorArn();
    expect(replaced).not.toBe(arn);
    expect((await getDetector(replaced)).filterPattern).toBe('%ERROR%');
  });

  test('a changed log-group list replaces the detector, and the new one watches both groups', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', filterPattern: '%ERROR%', logGroups: ['first', 'second'] });
    await applyExpecting(['delete', 'create']);
    const replaced = await detectorArn();
    expect(replaced).not.toBe(arn);
    const outputs = await deployment.outputs();
    expect((await getDetector(replaced)).logGroupArnList).toEqual([outputs.first_log_group_arn, outputs.second_log_group_arn]);
  });

  // CreateLogAnomalyDetector has no `enabled` field and hashicorp/aws 5.100.0 reads no status
  // back, so a detector created with enabled false runs until its next update. The construct
  // warns at synth; this pins the behaviour so a provider fix is noticed.
  test('a detector created with enabled false is not paused by the provider', async () => {
    const arn = await detectorArn();
    synth({ evaluationFrequency: 'FIVE_MIN', filterPattern: '%WARN%', logGroups: ['first', 'second'], enabled: false });
    await applyExpecting(['delete', 'create']);
    const replaced = await detectorArn();
    expect(replaced).not.toBe(arn);
    expect((await getDetector(replaced)).anomalyDetectorStatus).toBe('TRAINING');
  });
});
