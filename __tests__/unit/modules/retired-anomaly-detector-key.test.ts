import { Testing } from 'cdktf';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { RetiredAnomalyDetectorKey } from '../../../modules/retired-anomaly-detector-key';
import { REQUIRED_TERRAFORM_VERSION } from '../../../modules/terraform-version';
import { AnomalyDetectionStack } from '../../../stacks/anomaly-detection-stack';
import { exampleConfigFromEnv } from '../../../stacks/example-config';
import { SynthesizedStack, synthStack } from '../../support/synth';

const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/app';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const keyAddresses = (s: SynthesizedStack) => Object.keys(s.resource.aws_kms_key ?? {}).map((name) => `aws_kms_key.${name}`);
const forgotten = (s: SynthesizedStack) => (s.removed ?? []).map((r) => [r.from, r.lifecycle.destroy]);

describe('RetiredAnomalyDetectorKey', () => {
  test('forgets, without destroying, the key that had its construct path', () => {
    const before = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: '111122223333' }));
    const after = synthStack((stack) => new RetiredAnomalyDetectorKey(stack, 'key'));
    expect(forgotten(after)).toEqual([[keyAddresses(before)[0], false]]);
    expect(after.resource?.aws_kms_key).toBeUndefined();
  });

  test('keyAddress is the address it forgets, nested paths included', () => {
    let address = '';
    const after = synthStack((stack) => (address = new RetiredAnomalyDetectorKey(stack, 'team-a/key').keyAddress));
    expect(forgotten(after)).toEqual([[address, false]]);
  });
});

describe('EncryptedLogAnomalyDetector and the key it made itself', () => {
  const detectorWith = (key?: string) => (stack: Parameters<Parameters<typeof synthStack>[0]>[0]) =>
    new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key, keyProps: key ? undefined : { account: '111122223333' } });

  test.each([AWS_OWNED_KEY, KEY_ARN])("given key %s, forgets the key it made while 'key' was omitted", (key) => {
    const own = keyAddresses(synthStack(detectorWith()));
    expect(forgotten(synthStack(detectorWith(key)))).toEqual([[own[0], false]]);
  });

  test('makes its own key with no removed block', () => {
    expect(synthStack(detectorWith()).removed).toBeUndefined();
  });

  test("does not forget its own key when the given key is that key moved with 'renamedFrom'", () => {
    const own = keyAddresses(synthStack(detectorWith()))[0];
    const moved = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'shared-key', { account: '111122223333', renamedFrom: 'detector/Key' });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key });
    });
    expect(moved.removed).toBeUndefined();
    expect(moved.moved).toEqual([{ from: own, to: keyAddresses(moved)[0] }]);
  });
});

describe("AnomalyDetectorKey 'renamedFrom'", () => {
  test('moves the key and its alias from the addresses they had at the old path', () => {
    const before = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: '111122223333', alias: 'detectors' }));
    const after = synthStack((stack) => new AnomalyDetectorKey(stack, 'primary', { account: '111122223333', alias: 'detectors', renamedFrom: 'key' }));
    const alias = (s: SynthesizedStack) => `aws_kms_alias.${Object.keys(s.resource.aws_kms_alias)[0]}`;
    expect(after.moved).toEqual([
      { from: keyAddresses(before)[0], to: keyAddresses(after)[0] },
      { from: alias(before), to: alias(after) },
    ]);
  });
});

describe('the example stack and its key', () => {
  const synthExample = (env: NodeJS.ProcessEnv) =>
    JSON.parse(Testing.synth(new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv(env)))) as SynthesizedStack & {
      terraform: { required_version: string };
    };
  const exampleKey = keyAddresses(synthExample({}))[0];

  test.each(['aws-owned', KEY_ARN])('ANOMALY_DETECTOR_KEY=%s forgets the key a new-key deployment made', (key) => {
    expect(forgotten(synthExample({ ANOMALY_DETECTOR_KEY: key }))).toContainEqual([exampleKey, false]);
  });

  test('with KEY_PREVENT_DESTROY=false the switch leaves the key to be deleted', () => {
    expect(forgotten(synthExample({ ANOMALY_DETECTOR_KEY: 'aws-owned', KEY_PREVENT_DESTROY: 'false' }))).not.toContainEqual([exampleKey, false]);
  });

  test('states the Terraform version that removed blocks need', () => {
    expect(synthExample({}).terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.7.0');
  });
});
