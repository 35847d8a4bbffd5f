import childProcess from 'node:child_process';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector, EncryptedLogAnomalyDetectorProps } from '../../../modules/encrypted-log-anomaly-detector';
import { onlyResource, resourceCount, synthStack } from '../../support/synth';

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
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector').log_group_arn_list).toEqual(['${aws_cloudwatch_log_group.group.arn}', LOG_GROUP]);
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

  test('replaces the detector when a value UpdateLogAnomalyDetector cannot change changes: its name or log groups, nothing else', () => {
    const { synthesized, detector } = detectorOf({ detectorName: 'web', filterPattern: '%ERROR%', anomalyVisibilityTime: 14 });
    const [triggerAddress] = Object.keys(synthesized.resource.terraform_data);
    expect(triggerAddress).toMatch(/NameAndLogGroupsTrigger/);
    expect(detector.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${triggerAddress}`] });
    expect(onlyResource(synthesized, 'terraform_data').input).toEqual({ detectorName: 'web', logGroupArnList: [LOG_GROUP] });
  });

  test("synth runs no child process: the trigger skips cdktf DataResource's `terraform version` check", () => {
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

  test('warns that enabled false cannot pause a detector at creation', () => {
    synthStack((stack) => {
      const detector = new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [LOG_GROUP], key: KEY_ARN, enabled: false });
      const warnings = detector.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as unknown);
      expect(warnings).toEqual([expect.stringContaining("'enabled' false pauses an existing detector only") as string]);
    });
  });

  test('skips the region check when the stack region is not a literal', () => {
    const { detector } = detectorOf({ key: KEY_ARN.replace('us-east-1', 'eu-west-1') }, null);
    expect(detector.kms_key_id).toContain('eu-west-1');
  });
});
