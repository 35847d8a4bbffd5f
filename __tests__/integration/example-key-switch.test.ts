import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { kmsClient, logsClient } from '../../testing/local-aws-environment';
import { ExampleDeployment } from './support/example-deployment';

// The example deployed the way `cdktf deploy` does (a plain terraform apply), its key choice
// switched new → aws-owned → new → an existing key ARN: no switch deletes a key it made.
describe('the example app keeps every key it made when ANOMALY_DETECTOR_KEY switches', () => {
  const logs = logsClient();
  const kms = kmsClient();
  const example = new ExampleDeployment('key-switch');
  const made: string[] = [];
  const detectors: string[] = [];
  const keyState = async (arn: string) => (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState;
  const detectorKey = async () => (await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: example.outputs.detector_arn }))).kmsKeyId;

  /** Deploys with ANOMALY_DETECTOR_KEY=`key`, then checks the switch. */
  async function switchTo(key: string): Promise<void> {
    example.synth({ ANOMALY_DETECTOR_KEY: key });
    await example.deploy();
    await expectReplacedDetectorAndEnabledKeys();
  }

  /** The detector is a new one, and every key made so far is Enabled. */
  async function expectReplacedDetectorAndEnabledKeys(): Promise<void> {
    expect(detectors).not.toContain(example.outputs.detector_arn);
    detectors.push(example.outputs.detector_arn);
    for (const arn of made) expect([arn, await keyState(arn)]).toEqual([arn, 'Enabled']);
  }

  afterAll(async () => {
    await example.deployment.destroy();
    example.deployment.remove();
  });

  test('new: the detector uses the key the stack made', async () => {
    await switchTo('new');
    made.push(example.outputs.key_arn);
    expect(await detectorKey()).toBe(made[0]);
  });

  test('aws-owned: the plan forgets the key instead of deleting it, and the key stays Enabled', async () => {
    example.synth({ ANOMALY_DETECTOR_KEY: 'aws-owned' });
    const { plannedChanges } = await example.deployment.plan();
    // 'remove' is how `plan -json` says forget.
    expect(
      plannedChanges
        .filter((c) => c.type.startsWith('aws_kms_'))
        .map((c) => [c.type, c.action])
        .sort(),
    ).toEqual([
      ['aws_kms_alias', 'delete'],
      ['aws_kms_key', 'remove'],
    ]);
    await example.deployment.apply();
    example.outputs = await example.deployment.outputs();
    await expectReplacedDetectorAndEnabledKeys();
    expect(await detectorKey()).toBeUndefined();
    expect((await example.stateAddresses()).filter((a) => a.startsWith('aws_kms_key.'))).toEqual([]);
  });

  test('new again: a second key; the first stays Enabled', async () => {
    await switchTo('new');
    made.push(example.outputs.key_arn);
    expect(made[1]).not.toBe(made[0]);
    expect(await detectorKey()).toBe(made[1]);
  });

  test('an existing key ARN (the first key, used again): the second key stays Enabled too', async () => {
    await switchTo(made[0]);
    expect(await detectorKey()).toBe(made[0]);
    expect((await example.stateAddresses()).filter((a) => a.startsWith('aws_kms_key.'))).toEqual([]);
  });
});
