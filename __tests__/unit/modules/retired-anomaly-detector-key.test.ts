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
// Addresses written out: Terraform state holds them, so a change to any is a destroyed key.
const KEY_AT_KEY = 'aws_kms_key.key_Key_1D35EFFF';
const DETECTORS_OWN_KEY = 'aws_kms_key.detector_Key_597877B7';

describe('RetiredAnomalyDetectorKey', () => {
  test('forgets, without destroying, the key that had its construct path', () => {
    const before = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: '111122223333' }));
    const after = synthStack((stack) => new RetiredAnomalyDetectorKey(stack, 'key'));
    expect(keyAddresses(before)).toEqual([KEY_AT_KEY]);
    expect(forgotten(after)).toEqual([[KEY_AT_KEY, false]]);
    expect(after.resource?.aws_kms_key).toBeUndefined();
  });

  test('keyAddress is the address it forgets, nested paths included', () => {
    let address = '';
    const after = synthStack((stack) => (address = new RetiredAnomalyDetectorKey(stack, 'team-a/key').keyAddress));
    expect(address).toBe('aws_kms_key.team-a--key_Key_63473112');
    expect(forgotten(after)).toEqual([[address, false]]);
  });
});

describe('EncryptedLogAnomalyDetector and the key it made itself', () => {
  const detectorWith = (key?: string) => (stack: Parameters<Parameters<typeof synthStack>[0]>[0]) =>
    new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key, keyProps: key ? undefined : { account: '111122223333' } });

  test.each([AWS_OWNED_KEY, KEY_ARN])("given key %s, forgets the key it made while 'key' was omitted", (key) => {
    expect(keyAddresses(synthStack(detectorWith()))).toEqual([DETECTORS_OWN_KEY]);
    expect(forgotten(synthStack(detectorWith(key)))).toEqual([[DETECTORS_OWN_KEY, false]]);
  });

  test('makes its own key with no removed block', () => {
    expect(synthStack(detectorWith()).removed).toBeUndefined();
  });

  test("does not forget its own key when the given key is that key moved with 'renamedFrom'", () => {
    const moved = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'shared-key', { account: '111122223333', renamedFrom: 'detector/Key' });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key });
    });
    expect(moved.removed).toBeUndefined();
    expect(moved.moved).toEqual([{ from: DETECTORS_OWN_KEY, to: 'aws_kms_key.shared-key_Key_B0B625E0' }]);
  });
});

describe("AnomalyDetectorKey 'renamedFrom'", () => {
  test('moves the key and its alias from the addresses they had at the old path', () => {
    const before = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: '111122223333', alias: 'detectors' }));
    const after = synthStack((stack) => new AnomalyDetectorKey(stack, 'primary', { account: '111122223333', alias: 'detectors', renamedFrom: 'key' }));
    expect([keyAddresses(before), Object.keys(before.resource.aws_kms_alias)]).toEqual([[KEY_AT_KEY], ['key_Alias_C8F6789F']]);
    expect(after.moved).toEqual([
      { from: KEY_AT_KEY, to: 'aws_kms_key.primary_Key_405C6156' },
      { from: 'aws_kms_alias.key_Alias_C8F6789F', to: 'aws_kms_alias.primary_Alias_DE87F486' },
    ]);
  });
});

describe('the example stack and its key', () => {
  const synthExample = (env: NodeJS.ProcessEnv) =>
    JSON.parse(Testing.synth(new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv(env)))) as SynthesizedStack & {
      terraform: { required_version: string };
    };

  test('a new-key deployment makes its key at the address the switch forgets', () => {
    expect(keyAddresses(synthExample({}))).toEqual([KEY_AT_KEY]);
  });

  test.each(['aws-owned', KEY_ARN])('ANOMALY_DETECTOR_KEY=%s forgets the key a new-key deployment made', (key) => {
    const example = synthExample({ ANOMALY_DETECTOR_KEY: key });
    expect(example.resource?.aws_kms_key).toBeUndefined();
    expect(forgotten(example)).toEqual([
      [KEY_AT_KEY, false],
      [DETECTORS_OWN_KEY, false],
    ]);
  });

  test('with KEY_PREVENT_DESTROY=false the switch leaves the key to be deleted: only the older address is forgotten', () => {
    expect(forgotten(synthExample({ ANOMALY_DETECTOR_KEY: 'aws-owned', KEY_PREVENT_DESTROY: 'false' }))).toEqual([[DETECTORS_OWN_KEY, false]]);
  });

  test('states the Terraform version that removed blocks need', () => {
    expect(synthExample({}).terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.7.0');
  });
});
