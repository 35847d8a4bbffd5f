import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { kmsClient, logsClient } from '../../testing/local-aws-environment';
import { ExampleDeployment } from './support/example-deployment';

// Two deployments at once on the one shared backend, as the two Jest workers run theirs, and
// the example's prevent_destroy, which one of them keeps and the other turns off.
describe('two deployments at once on one local AWS; the example keeps its key', () => {
  const logs = logsClient();
  const kms = kmsClient();
  const kept = new ExampleDeployment();
  const released = new ExampleDeployment();
  const detector = (d: ExampleDeployment) => logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: d.outputs.detector_arn }));
  const keyState = async (d: ExampleDeployment) => (await kms.send(new DescribeKeyCommand({ KeyId: d.outputs.key_arn }))).KeyMetadata?.KeyState;

  beforeAll(async () => {
    kept.synth();
    released.synth({ KEY_PREVENT_DESTROY: 'false' });
    await Promise.all([kept.deploy(), released.deploy()]);
  });

  afterAll(async () => {
    kept.synth({ KEY_PREVENT_DESTROY: 'false' });
    for (const d of [kept, released]) {
      await d.deployment.destroy();
      d.deployment.remove();
    }
  });

  test('each has its own detector, associated with its own key and watching its own log groups', async () => {
    expect(kept.outputs.detector_arn).not.toBe(released.outputs.detector_arn);
    expect(kept.outputs.key_arn).not.toBe(released.outputs.key_arn);
    for (const d of [kept, released]) {
      const own = await detector(d);
      expect(own.kmsKeyId).toBe(d.outputs.key_arn);
      expect(own.detectorName).toBe(`${d.namePrefix}-detector`);
      expect(own.logGroupArnList?.map((arn) => arn.split(':log-group:')[1])).toEqual([`/${d.namePrefix}/application`, `/${d.namePrefix}/access`]);
    }
    expect((await Promise.all([kept.deployment.plan(), released.deployment.plan()])).map((p) => p.changes)).toEqual([false, false]);
  });

  test('prevent_destroy blocks terraform destroy of the example, which then leaves everything in place', async () => {
    await expect(kept.deployment.destroy()).rejects.toThrow(/Instance cannot be destroyed[\s\S]*aws_kms_key\.key_/);
    expect((await detector(kept)).kmsKeyId).toBe(kept.outputs.key_arn);
    expect(await keyState(kept)).toBe('Enabled');
  });

  test('turned off, destroy goes through, and the other deployment is untouched', async () => {
    await released.deployment.destroy();
    await expect(detector(released)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await keyState(released)).toBe('PendingDeletion');
    expect((await detector(kept)).kmsKeyId).toBe(kept.outputs.key_arn);
    expect(await keyState(kept)).toBe('Enabled');
  });
});
