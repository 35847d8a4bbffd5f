import { anomalyDetectorKeyPolicy, mergeKeyPolicy, KeyPolicyDocument } from '../../../modules/key-policy';
import { assertLogGroupNames, logGroupsStatement } from '../../../modules/log-group-key-policy';

const ACCOUNT = '111122223333';
const ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

describe('logGroupsStatement', () => {
  test.each([
    ['us-east-1', 'arn:aws:logs:us-east-1', 'logs.us-east-1.amazonaws.com'],
    ['cn-north-1', 'arn:aws-cn:logs:cn-north-1', 'logs.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'arn:aws-us-gov:logs:us-gov-west-1', 'logs.us-gov-west-1.amazonaws.com'],
  ])('in %s: exactly the guide’s statement, ArnEquals on the exact log group ARNs', (region, arnStart, principal) => {
    expect(logGroupsStatement({ region, account: ACCOUNT }, ['/app/web', '/app/db'])).toEqual({
      Sid: 'AllowCloudWatchLogsLogGroups',
      Effect: 'Allow',
      Principal: { Service: principal },
      Action: ACTIONS,
      Resource: '*',
      Condition: {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [`${arnStart}:${ACCOUNT}:log-group:/app/web`, `${arnStart}:${ACCOUNT}:log-group:/app/db`] },
      },
    });
  });

  test("a pattern gets ArnLike; '*' serves every log group of the account in the region and covers the names beside it", () => {
    expect(logGroupsStatement({ region: 'eu-west-1', account: ACCOUNT }, ['/app/*']).Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/app/*` },
    });
    expect(logGroupsStatement({ region: 'eu-west-1', account: ACCOUNT }, ['/app/web', '*']).Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*` },
    });
  });

  test('the key policy holds it after the detector statements, only when log groups are named', () => {
    const sids = (logGroups?: string[]) =>
      anomalyDetectorKeyPolicy({ region: 'us-east-1', account: ACCOUNT }, [], [ACCOUNT], logGroups).Statement.map((s) => s.Sid);
    expect(sids()).toEqual(['Enable IAM User Permissions', 'AllowCloudWatchLogsAnomalyDetectors', 'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk']);
    expect(sids(['/app'])).toEqual([
      'Enable IAM User Permissions',
      'AllowCloudWatchLogsAnomalyDetectors',
      'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
      'AllowCloudWatchLogsLogGroups',
    ]);
  });

  test.each([
    [[], "'logGroups' must be a non-empty list of log group names (or '*' for every log group), got []"],
    ['/app', `'logGroups' must be a non-empty list of log group names (or '*' for every log group), got "/app"`],
    [[7], "'logGroups[0]' must be a log group name string, got 7"],
    [['has space'], "'logGroups[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got 'has space'"],
    [
      ['x'.repeat(513)],
      `'logGroups[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got '${'x'.repeat(513)}'`,
    ],
    [['/a', '/a'], "'logGroups' must not name a log group twice, got '/a' twice"],
  ])('refuses %j', (names, message) => {
    expect(() => assertLogGroupNames('logGroups', names)).toThrow(message);
  });
});

describe('mergeKeyPolicy with log groups', () => {
  const existing = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' }],
  });
  const logGroupCondition = (json: string) =>
    (JSON.parse(json) as KeyPolicyDocument).Statement.find((s) => s.Sid === 'AllowCloudWatchLogsLogGroups')?.Condition;

  test('adds the log-group statement for the first account, and is idempotent', () => {
    const once = mergeKeyPolicy(existing, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/app'] });
    expect(logGroupCondition(once)).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app` } });
    expect(mergeKeyPolicy(once, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/app'] })).toBe(once);
  });

  test('adds log groups to the statement already there; all log groups replace the names', () => {
    const first = mergeKeyPolicy(existing, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/app'] });
    const second = mergeKeyPolicy(first, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/db'] });
    expect(logGroupCondition(second)).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/db`],
      },
    });
    const all = mergeKeyPolicy(second, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['*'] });
    expect(logGroupCondition(all)).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } });
    expect(mergeKeyPolicy(all, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/other'] })).toBe(all);
  });

  test('refuses a statement under its Sid that differs in more than the log groups', () => {
    const first = JSON.parse(mergeKeyPolicy(existing, { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/app'] })) as {
      Statement: Array<Record<string, unknown>>;
    };
    first.Statement.find((s) => s.Sid === 'AllowCloudWatchLogsLogGroups')!.Action = 'kms:Decrypt';
    expect(() => mergeKeyPolicy(JSON.stringify(first), { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['/db'] })).toThrow(
      "The policy already has a statement with Sid 'AllowCloudWatchLogsLogGroups' whose content differs from CloudWatch Logs' log-group statement; remove or rename it, then merge again",
    );
  });
});
