import { exampleConfigFromEnv } from '../../../stacks/example-config';
import { AnomalyDetectionStack } from '../../../stacks/anomaly-detection-stack';
import { Testing } from 'cdktf';
import { SynthesizedStack } from '../../support/synth';

describe('example app configuration', () => {
  test('defaults: us-east-1, kms-anomaly-demo, a new key, account looked up', () => {
    expect(exampleConfigFromEnv({})).toEqual({ region: 'us-east-1', namePrefix: 'kms-anomaly-demo', key: 'new', account: undefined, preventDestroy: true });
  });

  test('reads every variable', () => {
    expect(
      exampleConfigFromEnv({
        AWS_REGION: 'eu-west-1',
        NAME_PREFIX: 'team-a',
        ANOMALY_DETECTOR_KEY: 'aws-owned',
        AWS_ACCOUNT_ID: '111122223333',
        KEY_PREVENT_DESTROY: 'false',
      }),
    ).toEqual({ region: 'eu-west-1', namePrefix: 'team-a', key: 'aws-owned', account: '111122223333', preventDestroy: false });
  });

  test('refuses a name prefix that would make invalid names', () => {
    expect(() => exampleConfigFromEnv({ NAME_PREFIX: 'Team A' })).toThrow(
      "NAME_PREFIX must be 1-40 lower-case letters, digits and '-', starting with a letter or digit, got 'Team A'",
    );
  });

  test('refuses a KEY_PREVENT_DESTROY other than true or false', () => {
    expect(() => exampleConfigFromEnv({ KEY_PREVENT_DESTROY: 'no' })).toThrow("KEY_PREVENT_DESTROY must be 'true' or 'false', got 'no'");
  });

  test.each([
    [{}, true],
    [{ KEY_PREVENT_DESTROY: 'false' }, false],
  ])('the key of the stack from %j has prevent_destroy %s', (env, expected) => {
    const stack = new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv(env));
    const [key] = Object.values((JSON.parse(Testing.synth(stack)) as SynthesizedStack).resource.aws_kms_key) as Array<{
      lifecycle?: { prevent_destroy?: boolean };
    }>;
    expect(key.lifecycle?.prevent_destroy).toBe(expected);
  });

  test('the stack has two log groups, one key and one detector watching both', () => {
    const stack = new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv({}));
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    expect(Object.keys(synthesized.resource.aws_cloudwatch_log_group)).toHaveLength(2);
    expect(Object.keys(synthesized.resource.aws_kms_key)).toHaveLength(1);
    const [detector] = Object.values(synthesized.resource.aws_cloudwatch_log_anomaly_detector) as Array<{ log_group_arn_list: string[] }>;
    expect(detector.log_group_arn_list).toHaveLength(2);
  });

  test.each([
    [{}, true],
    [{ ANOMALY_DETECTOR_KEY: 'aws-owned' }, false],
    [{ ANOMALY_DETECTOR_KEY: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, false],
  ])('from %j, one key encrypts the log groups and the detector: %s', (env, oneKey) => {
    const synthesized = JSON.parse(Testing.synth(new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv(env)))) as SynthesizedStack;
    const groups = Object.values(synthesized.resource.aws_cloudwatch_log_group) as Array<{ kms_key_id?: string }>;
    const [detector] = Object.values(synthesized.resource.aws_cloudwatch_log_anomaly_detector) as Array<{ kms_key_id?: string }>;
    if (!oneKey) {
      expect(groups.map((g) => g.kms_key_id)).toEqual([undefined, undefined]);
      return;
    }
    expect(groups.map((g) => g.kms_key_id)).toEqual([detector.kms_key_id, detector.kms_key_id]);
    const [key] = Object.values(synthesized.resource.aws_kms_key) as Array<{ policy: string }>;
    expect(key.policy).toContain('log-group:/kms-anomaly-demo/application');
    expect(key.policy).toContain('log-group:/kms-anomaly-demo/access');
  });

  test.each([
    [{ SECOND_REGION: 'EU' }, "SECOND_REGION must be an AWS region name like 'eu-west-1', got 'EU'"],
    [{ SECOND_REGION: 'us-east-1' }, "SECOND_REGION must differ from AWS_REGION, got 'us-east-1' for both"],
  ])('refuses %j', (env, message) => {
    expect(() => exampleConfigFromEnv(env)).toThrow(new Error(message));
  });

  test('SECOND_REGION adds a provider, a key, log groups and a detector there, and plainly named outputs', () => {
    const config = exampleConfigFromEnv({ SECOND_REGION: 'eu-west-1' });
    expect(config.secondRegion).toBe('eu-west-1');
    const stack = new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', config);
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack & {
      provider: { aws: Array<{ alias?: string; region: string }> };
      output: Record<string, unknown>;
    };
    expect(synthesized.provider.aws).toEqual([{ region: 'us-east-1' }, { alias: 'second_region', region: 'eu-west-1' }]);
    const keys = Object.values(synthesized.resource.aws_kms_key) as Array<{ provider?: string; policy: string }>;
    expect(keys.map((k) => k.provider)).toEqual([undefined, 'aws.second_region']);
    expect(keys[1].policy).toContain('logs.eu-west-1.amazonaws.com');
    const detectors = Object.values(synthesized.resource.aws_cloudwatch_log_anomaly_detector) as Array<{ provider?: string }>;
    expect(detectors.map((d) => d.provider)).toEqual([undefined, 'aws.second_region']);
    expect(Object.keys(synthesized.output).sort()).toEqual(['detector_arn', 'key_arn', 'second_region_detector_arn', 'second_region_key_arn']);
  });

  test('without SECOND_REGION the stack is one region, as before', () => {
    const synthesized = JSON.parse(Testing.synth(new AnomalyDetectionStack(Testing.app(), 'anomaly-detection', exampleConfigFromEnv({})))) as {
      provider: { aws: unknown[] };
    };
    expect(synthesized.provider.aws).toHaveLength(1);
  });
});
