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
});
