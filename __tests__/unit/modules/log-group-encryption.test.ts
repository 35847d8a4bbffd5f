import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { KeyPolicyDocument } from '../../../modules/key-policy';
import { onlyResource, synthStack } from '../../support/synth';

const ACCOUNT = '111122223333';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const logGroupStatement = (policy: unknown) =>
  (JSON.parse(policy as string) as KeyPolicyDocument).Statement.find((s) => s.Sid === 'AllowCloudWatchLogsLogGroups');

describe("AnomalyDetectorKey's logGroupNames", () => {
  test('adds the log-group statement with the exact ARNs; addLogGroupNames adds more, each once', () => {
    const synthesized = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, logGroupNames: ['/app/web'] });
      key.addLogGroupNames(['/app/db', '/app/web']);
      expect(key.logGroupNames).toEqual(['/app/web', '/app/db']);
    });
    expect(logGroupStatement(onlyResource(synthesized, 'aws_kms_key').policy)?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/db`],
      },
    });
  });

  test('the deprecated logGroups prop, getter and addLogGroups still work as logGroupNames does', () => {
    const policies = ['current', 'deprecated'].map((form) => {
      const synthesized = synthStack((stack) => {
        if (form === 'current') {
          new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, logGroupNames: ['/app/web'] }).addLogGroupNames(['/app/db']);
          return;
        }
        const key = new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, logGroups: ['/app/web'] });
        key.addLogGroups(['/app/db']);
        expect(key.logGroups).toEqual(['/app/web', '/app/db']);
      });
      return logGroupStatement(onlyResource(synthesized, 'aws_kms_key').policy);
    });
    expect(policies[1]).toEqual(policies[0]);
    expect(policies[1]?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/db`],
      },
    });
  });

  test('without logGroupNames the policy serves detectors only', () => {
    const synthesized = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT }));
    expect(logGroupStatement(onlyResource(synthesized, 'aws_kms_key').policy)).toBeUndefined();
  });

  test.each([
    [{ logGroupNames: [] }, "'logGroupNames' must be a non-empty list of log group names (or '*' for every log group), got []"],
    [
      { logGroupNames: ['bad name'] },
      "'logGroupNames[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got 'bad name'",
    ],
    [{ logGroupNames: 'all' }, `'logGroupNames' must be a non-empty list of log group names (or '*' for every log group), got "all"`],
    [{ logGroups: ['bad name'] }, "'logGroups[0]' must be a log group name"],
    [{ logGroupNames: ['/a'], logGroups: ['/a'] }, "'logGroups' is the deprecated name of 'logGroupNames': give only 'logGroupNames', got both"],
  ])('refuses %j', (props, message) => {
    expect(() => synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, ...(props as object) }))).toThrow(message);
  });
});

describe("EncryptedLogAnomalyDetector's encryptLogGroups", () => {
  test('gives its own key to the log groups it watches, and the key serves them by name', () => {
    const synthesized = synthStack((stack) => {
      const groups = ['/app/web', '/app/db'].map((name, i) => new CloudwatchLogGroup(stack, `group${i}`, { name }));
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: groups, keyProps: { account: ACCOUNT }, encryptLogGroups: true });
    });
    const [keyAddress] = Object.keys(synthesized.resource.aws_kms_key);
    for (const group of Object.values(synthesized.resource.aws_cloudwatch_log_group)) expect(group.kms_key_id).toBe(`\${aws_kms_key.${keyAddress}.arn}`);
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector').kms_key_id).toBe(`\${aws_kms_key.${keyAddress}.arn}`);
    expect(logGroupStatement(onlyResource(synthesized, 'aws_kms_key').policy)?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/db`],
      },
    });
  });

  test('with a given AnomalyDetectorKey, adds the log groups to its policy; with a key ARN, only sets kmsKeyId', () => {
    const shared = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT });
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [new CloudwatchLogGroup(stack, 'g', { name: '/a' })], key, encryptLogGroups: true });
    });
    expect(logGroupStatement(onlyResource(shared, 'aws_kms_key').policy)).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/a` } },
    });
    const byArn = synthStack((stack) => {
      new EncryptedLogAnomalyDetector(stack, 'detector', {
        logGroups: [new CloudwatchLogGroup(stack, 'g', { name: '/a' })],
        key: KEY_ARN,
        encryptLogGroups: true,
      });
    });
    expect(onlyResource(byArn, 'aws_cloudwatch_log_group').kms_key_id).toBe(KEY_ARN);
  });

  test('leaves log groups alone by default', () => {
    const synthesized = synthStack((stack) => {
      new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [new CloudwatchLogGroup(stack, 'g', { name: '/a' })], keyProps: { account: ACCOUNT } });
    });
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_group').kms_key_id).toBeUndefined();
    expect(logGroupStatement(onlyResource(synthesized, 'aws_kms_key').policy)).toBeUndefined();
  });

  test.each([
    ['aws-owned', { key: 'aws-owned' }, "'encryptLogGroups' needs a customer-managed 'key' to give the log groups, got 'aws-owned'"],
    [
      'a log group given by ARN',
      { logGroups: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/legacy`] },
      "'encryptLogGroups' gives the key to log groups made in this stack; 'logGroups[0]' is string 'arn:aws:logs:us-east-1:111122223333:log-group:/legacy': set the key where that log group is made, or leave it out of this detector",
    ],
    [
      'a name prefix',
      { namePrefix: '/app-' },
      "'encryptLogGroups' needs 'logGroups[0]' to have a literal 'name', which the key policy names, got none (namePrefix /app-)",
    ],
    ['another key', { kmsKeyId: KEY_ARN }, `'encryptLogGroups' would give 'logGroups[0]' (/a) the detector's key, but it already has kmsKeyId '${KEY_ARN}'`],
    ['a string', { encryptLogGroups: 'yes' }, "'encryptLogGroups' must be a boolean, got string 'yes'"],
  ])('refuses %s', (_case, change, message) => {
    expect(() =>
      synthStack((stack) => {
        const { namePrefix, kmsKeyId, logGroups, ...detector } = change as Record<string, unknown>;
        const group = new CloudwatchLogGroup(
          stack,
          'g',
          namePrefix ? { namePrefix: namePrefix as string } : { name: '/a', kmsKeyId: kmsKeyId as string | undefined },
        );
        new EncryptedLogAnomalyDetector(stack, 'detector', {
          logGroups: (logGroups as string[] | undefined) ?? [group],
          encryptLogGroups: true,
          ...detector,
        });
      }),
    ).toThrow(message);
  });
});
