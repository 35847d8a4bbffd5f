import childProcess from 'node:child_process';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector, EncryptedLogAnomalyDetectorProps } from '../../modules/encrypted-log-anomaly-detector';
import { onlyResource, resourceCount, synthStack } from '../support/synth';

const ACCOUNT = '111122223333';
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function detectorOf(props: Partial<EncryptedLogAnomalyDetectorProps>, region: string | null = 'us-east-1') {
  const synthesized = synthStack(
    (stack) => new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], keyProps: props.key ? undefined : { account: ACCOUNT }, ...props }),
    region,
  );
  return { synthesized, detector: onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector') };
}

describe('EncryptedLogAnomalyDetector', () => {
  test('creates its own key by default and associates the detector with its ARN', () => {
    const { synthesized, detector } = detectorOf({});
    expect(resourceCount(synthesized, 'aws_kms_key')).toBe(1);
    expect(detector.kms_key_id).toMatch(/^\$\{aws_kms_key\.detector_Key_[0-9A-F]+\.arn\}$/);
  });

  test('is ordered after the key policy: the policy is inline on the key the detector references', () => {
    const { synthesized, detector } = detectorOf({});
    expect(resourceCount(synthesized, 'aws_kms_key_policy')).toBe(0);
    const [keyAddress] = Object.keys(synthesized.resource.aws_kms_key);
    expect(onlyResource(synthesized, 'aws_kms_key').policy).toContain('AllowCloudWatchLogsAnomalyDetectors');
    expect(detector.kms_key_id).toBe(`\${aws_kms_key.${keyAddress}.arn}`);
  });

  test('uses a given AnomalyDetectorKey and makes no other', () => {
    const synthesized = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'shared', { account: ACCOUNT });
      new EncryptedLogAnomalyDetector(stack, 'a', { logGroups: [LOG_GROUP], key });
      new EncryptedLogAnomalyDetector(stack, 'b', { logGroups: [LOG_GROUP], key });
    });
    expect(resourceCount(synthesized, 'aws_kms_key')).toBe(1);
    const keyIds = Object.values(synthesized.resource.aws_cloudwatch_log_anomaly_detector).map((d) => d.kms_key_id);
    expect(new Set(keyIds).size).toBe(1);
  });

  test('passes an existing key ARN through and makes no key', () => {
    const { synthesized, detector } = detectorOf({ key: KEY_ARN });
    expect(detector.kms_key_id).toBe(KEY_ARN);
    expect(resourceCount(synthesized, 'aws_kms_key')).toBe(0);
  });

  test("'aws-owned' emits no key and no kms_key_id", () => {
    const { synthesized, detector } = detectorOf({ key: 'aws-owned' });
    expect(resourceCount(synthesized, 'aws_kms_key')).toBe(0);
    expect(detector).not.toHaveProperty('kms_key_id');
  });

  test('takes log groups as constructs or ARNs, in order', () => {
    const synthesized = synthStack((stack) => {
      const group = new CloudwatchLogGroup(stack, 'group', { name: '/app/api' });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [group, LOG_GROUP], keyProps: { account: ACCOUNT } });
    });
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector').log_group_arn_list).toEqual([
      '${aws_cloudwatch_log_group.group.arn}',
      LOG_GROUP,
    ]);
  });

  test('takes a list token (a variable) for log groups and leaves its check to plan time', () => {
    const synthesized = synthStack((stack) => {
      const logGroupArns = new TerraformVariable(stack, 'log_group_arns', { type: 'list(string)' });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: logGroupArns.listValue, keyProps: { account: ACCOUNT } });
    });
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector').log_group_arn_list).toBe('${var.log_group_arns}');
  });

  test('maps every setting, enabled by default', () => {
    const { detector } = detectorOf({
      detectorName: 'web',
      evaluationFrequency: 'FIVE_MIN',
      filterPattern: '%ERROR%',
      anomalyVisibilityTime: 14,
      tags: { team: 'platform' },
    });
    expect(detector).toMatchObject({
      detector_name: 'web',
      evaluation_frequency: 'FIVE_MIN',
      filter_pattern: '%ERROR%',
      anomaly_visibility_time: 14,
      enabled: true,
      tags: { team: 'platform' },
    });
    expect(detectorOf({ enabled: false }).detector.enabled).toBe(false);
  });

  test('replaces the detector when a value the provider cannot update changes', () => {
    const { synthesized, detector } = detectorOf({ detectorName: 'web', filterPattern: '%ERROR%', anomalyVisibilityTime: 14 });
    const [triggerAddress] = Object.keys(synthesized.resource.terraform_data);
    expect(detector.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${triggerAddress}`] });
    expect(onlyResource(synthesized, 'terraform_data').input).toEqual({
      detectorName: 'web',
      filterPattern: '%ERROR%',
      anomalyVisibilityTime: 14,
      logGroupArnList: [LOG_GROUP],
    });
  });

  test('synth runs no child process: the trigger skips cdktf DataResource\'s `terraform version` check', () => {
    const execSync = jest.spyOn(childProcess, 'execSync');
    try {
      const stack = new TerraformStack(Testing.app(), 'test');
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key: KEY_ARN });
      const runValidations = true;
      expect(Testing.synth(stack, runValidations)).toContain('"terraform_data"');
      expect(execSync).not.toHaveBeenCalled();
    } finally {
      execSync.mockRestore();
    }
  });

  test('exposes the detector and key ARNs', () => {
    synthStack((stack) => {
      const detector = new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key: KEY_ARN });
      expect(detector.keyArn).toBe(KEY_ARN);
      expect(detector.detectorArn).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    });
  });

  test.each<[string, Partial<EncryptedLogAnomalyDetectorProps>, string]>([
    ['no log group', { logGroups: [] }, "'logGroups' must name at least one log group, got an empty list"],
    ['a malformed log group ARN', { logGroups: ['/app/web'] }, "'logGroups[0]' must be a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME), got '/app/web'"],
    ['a non-log-group ARN', { logGroups: [LOG_GROUP, KEY_ARN] }, `'logGroups[1]' must be a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME), got '${KEY_ARN}'`],
    ['a log group in another region', { logGroups: [LOG_GROUP.replace('us-east-1', 'eu-west-1')] }, "'logGroups[0]' must be in the stack's region us-east-1, got 'arn:aws:logs:eu-west-1:111122223333:log-group:/app/web'"],
    ['a key alias', { key: 'alias/my-key' }, "'key' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID); CloudWatch Logs stores anomaly-detector keys by ARN, not alias or id, got 'alias/my-key'"],
    ['a key in another region', { key: KEY_ARN.replace('us-east-1', 'eu-west-1') }, "'key' must be in the stack's region us-east-1, got a key in eu-west-1: CloudWatch Logs uses only keys in the detector's region"],
    ['key and keyProps together', { key: KEY_ARN, keyProps: {} }, "'keyProps' applies only when 'key' is omitted, got both"],
    ['an unknown evaluation frequency', { evaluationFrequency: 'TWO_MIN' as never }, "'evaluationFrequency' must be one of ONE_MIN | FIVE_MIN | TEN_MIN | FIFTEEN_MIN | THIRTY_MIN | ONE_HOUR, got 'TWO_MIN'"],
    ['a visibility of 6 days', { anomalyVisibilityTime: 6 }, "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got 6"],
    ['a visibility of 91 days', { anomalyVisibilityTime: 91 }, "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got 91"],
    ['an empty detector name', { detectorName: '' }, "'detectorName' must be at least 1 character when given, got ''"],
    ['a long filter pattern', { filterPattern: 'x'.repeat(1025) }, "'filterPattern' must be at most 1024 characters, got 1025"],
    ['an asymmetric key spec', { keyProps: { keySpec: 'ECC_NIST_P256' } }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got 'ECC_NIST_P256': CloudWatch Logs supports only symmetric KMS keys"],
    ['a 45-day deletion window', { keyProps: { deletionWindowInDays: 45 } }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 45"],
  ])('refuses %s', (_name, props, message) => {
    expect(() => detectorOf(props)).toThrow(message);
  });

  test('warns that enabled false cannot pause a detector at creation', () => {
    synthStack((stack) => {
      const detector = new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key: KEY_ARN, enabled: false });
      const warnings = detector.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
      expect(warnings).toEqual([expect.stringContaining("'enabled' false pauses an existing detector only")]);
    });
  });

  test('skips the region check when the stack region is not a literal', () => {
    const { detector } = detectorOf({ key: KEY_ARN.replace('us-east-1', 'eu-west-1') }, null);
    expect(detector.kms_key_id).toContain('eu-west-1');
  });
});
