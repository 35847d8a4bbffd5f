import {
  accountRootStatement,
  anomalyDetectorKeyPolicy,
  anomalyDetectorLogsStatements,
  KeyPolicyDocument,
  mergeKeyPolicy,
  MergeKeyPolicyOptions,
} from '../../../modules/key-policy';
import { AwsScope } from '../../../modules/aws/scope';
import { logsServicePrincipal } from '../../../modules/aws/cloudwatch-logs';
import { partitionOfRegion } from '../../../modules/aws/partitions';

const ACCOUNT = '111122223333';

describe('anomalyDetectorKeyPolicy', () => {
  test('is exactly the policy AWS documents, in the aws partition', () => {
    expect(anomalyDetectorKeyPolicy({ region: 'us-east-1', account: ACCOUNT })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowCloudWatchLogsAnomalyDetectors',
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:*' },
          },
        },
        {
          Sid: 'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:*',
            },
          },
        },
      ],
    });
  });

  test('follows the aws-cn partition: ARNs and the .com.cn service principal', () => {
    const [root, logs, sdk] = anomalyDetectorKeyPolicy({ region: 'cn-north-1', account: ACCOUNT }).Statement;
    expect(root.Principal).toEqual({ AWS: 'arn:aws-cn:iam::111122223333:root' });
    expect(logs.Principal).toEqual({ Service: 'logs.cn-north-1.amazonaws.com.cn' });
    expect(logs.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws-cn:logs:cn-north-1:111122223333:anomaly-detector:*' },
    });
    expect(sdk.Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn': 'arn:aws-cn:logs:cn-north-1:111122223333:anomaly-detector:*',
      },
    });
  });

  test('follows the aws-us-gov partition, whose service principals end in amazonaws.com', () => {
    const [root, logs] = anomalyDetectorKeyPolicy({ region: 'us-gov-west-1', account: ACCOUNT }).Statement;
    expect(root.Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::111122223333:root' });
    expect(logs.Principal).toEqual({ Service: 'logs.us-gov-west-1.amazonaws.com' });
  });

  test('appends additional statements after its own', () => {
    const extra = {
      Sid: 'AllowAuditors',
      Effect: 'Allow' as const,
      Principal: { AWS: 'arn:aws:iam::111122223333:role/audit' },
      Action: 'kms:DescribeKey',
      Resource: '*',
    };
    const policy = anomalyDetectorKeyPolicy({ region: 'eu-west-1', account: ACCOUNT }, [extra]);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'AllowCloudWatchLogsAnomalyDetectors',
      'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
      'AllowAuditors',
    ]);
  });

  test('refuses a duplicate Sid', () => {
    const clash = { Sid: 'AllowCloudWatchLogsAnomalyDetectors', Effect: 'Deny' as const, Action: 'kms:*', Resource: '*' };
    expect(() => anomalyDetectorKeyPolicy({ region: 'eu-west-1', account: ACCOUNT }, [clash])).toThrow(
      "Key policy statement Sids must be unique, got 'Sid' 'AllowCloudWatchLogsAnomalyDetectors' twice",
    );
  });

  test('needs an explicit partition outside the known ones', () => {
    expect(() => logsServicePrincipal({ region: 'us-iso-east-1', account: ACCOUNT })).toThrow(
      "'partition' must be given for region 'us-iso-east-1': it is outside aws, aws-cn, aws-us-gov",
    );
  });

  test('takes a partition with its dnsSuffix, e.g. from data.aws_partition', () => {
    expect(logsServicePrincipal({ region: 'us-iso-east-1', account: ACCOUNT, partition: 'aws-iso', dnsSuffix: 'c2s.ic.gov' })).toBe(
      'logs.us-iso-east-1.c2s.ic.gov',
    );
  });

  test.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('partitionOfRegion(%s) is %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('mergeKeyPolicy', () => {
  const existing = {
    Version: '2012-10-17',
    Id: 'key-consolepolicy-3',
    Statement: [
      accountRootStatement({ region: 'us-east-1', account: ACCOUNT }),
      { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrypt'], Resource: '*' },
    ],
  };

  test('keeps every existing statement and the Id, and adds the CloudWatch Logs statements', () => {
    const merged = JSON.parse(mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT })) as KeyPolicyDocument;
    expect(merged.Id).toBe('key-consolepolicy-3');
    expect(merged.Statement).toEqual([...existing.Statement, ...anomalyDetectorLogsStatements({ region: 'us-east-1', account: ACCOUNT })]);
  });

  test('is idempotent', () => {
    const once = mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT });
    expect(mergeKeyPolicy(once, { region: 'us-east-1', account: ACCOUNT })).toBe(once);
  });

  test('does not add a statement already there under another Sid', () => {
    const [logs, sdk] = anomalyDetectorLogsStatements({ region: 'us-east-1', account: ACCOUNT });
    const withCopy = { ...existing, Statement: [...existing.Statement, { ...logs, Sid: 'Mine' }] };
    const merged = JSON.parse(mergeKeyPolicy(JSON.stringify(withCopy), { region: 'us-east-1', account: ACCOUNT })) as KeyPolicyDocument;
    expect(merged.Statement).toEqual([...withCopy.Statement, sdk]);
  });

  test('accepts a single statement object', () => {
    const single = { Version: '2012-10-17', Statement: accountRootStatement({ region: 'us-east-1', account: ACCOUNT }) };
    expect((JSON.parse(mergeKeyPolicy(JSON.stringify(single), { region: 'us-east-1', account: ACCOUNT })) as KeyPolicyDocument).Statement).toHaveLength(3);
  });

  test('refuses to overwrite a different statement that uses its Sid', () => {
    const clash = { ...existing, Statement: [{ Sid: 'AllowCloudWatchLogsAnomalyDetectors', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] };
    expect(() => mergeKeyPolicy(JSON.stringify(clash), { region: 'us-east-1', account: ACCOUNT })).toThrow(
      "The policy already has a statement with Sid 'AllowCloudWatchLogsAnomalyDetectors' whose content differs",
    );
  });

  test.each([
    ['not json', 'us-east-1', ACCOUNT, 'The existing key policy is not valid JSON'],
    ['{"Version":"2012-10-17"}', 'us-east-1', ACCOUNT, "The existing key policy must be a JSON object with a 'Statement' member"],
    ['{"Statement":[1]}', 'us-east-1', ACCOUNT, "The existing key policy's 'Statement' must be an object or a list of objects"],
    ['{"Statement":[]}', 'US-EAST-1', ACCOUNT, "'region' must look like 'us-east-1', got 'US-EAST-1'"],
    ['{"Statement":[]}', 'us-east-1', '1234', "'account' must be 12 digits, got '1234'"],
  ])('rejects %s / %s / %s', (policy, region, account, message) => {
    expect(() => mergeKeyPolicy(policy, { region, account })).toThrow(message);
  });

  test.each<[string, unknown, unknown, string]>([
    ['a scope that is not an object', 42, undefined, "'scope' must be an AwsScope ({ region, account, partition? }), got 42"],
    [
      'options that are a list',
      { region: 'us-east-1', account: ACCOUNT },
      [ACCOUNT],
      '\'options\' must be an object of MergeKeyPolicyOptions ({ detectorAccounts?, logGroupNames? }), got ["111122223333"]',
    ],
    [
      'a malformed detector account',
      { region: 'us-east-1', account: ACCOUNT },
      { detectorAccounts: ['12'] },
      "'detectorAccounts[0]' must be 12 digits, got '12'",
    ],
    ['a bad log group name', { region: 'us-east-1', account: ACCOUNT }, { logGroupNames: ['bad name'] }, "'logGroupNames[0]'"],
  ])('rejects %s, naming the argument', (_, scope, options, message) => {
    expect(() => mergeKeyPolicy('{"Statement":[]}', scope as AwsScope, options as MergeKeyPolicyOptions)).toThrow(message);
  });

  test('the deprecated form (region, accounts, partition, logGroups) merges as the scope form does', () => {
    const OTHER = '444455556666';
    const deprecated = mergeKeyPolicy(JSON.stringify(existing), 'us-east-1', [ACCOUNT, OTHER], 'aws', ['/app']);
    const scoped = mergeKeyPolicy(
      JSON.stringify(existing),
      { region: 'us-east-1', account: ACCOUNT, partition: 'aws' },
      { detectorAccounts: [ACCOUNT, OTHER], logGroupNames: ['/app'] },
    );
    expect(deprecated).toBe(scoped);
    expect(() => mergeKeyPolicy('{"Statement":[]}', 'us-east-1', '1234')).toThrow("'account' must be 12 digits, got '1234'");
  });

  test("serves detectors of other accounts only, when the key's own account is not among detectorAccounts", () => {
    const OTHER = '444455556666';
    const merged = JSON.parse(
      mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT }, { detectorAccounts: [OTHER] }),
    ) as KeyPolicyDocument;
    const logs = merged.Statement.find((s) => s.Sid === 'AllowCloudWatchLogsAnomalyDetectors');
    expect(logs?.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${OTHER}:anomaly-detector:*` } });
  });

  describe('with several accounts', () => {
    const OTHER = '444455556666';
    const patterns = (contextKey: string, policy: KeyPolicyDocument) =>
      policy.Statement.filter((s) => s.Condition?.ArnLike?.[contextKey] !== undefined).map((s) => s.Condition?.ArnLike?.[contextKey]);

    test('writes one pattern per account under both encryption contexts', () => {
      const merged = JSON.parse(
        mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT }, { detectorAccounts: [ACCOUNT, OTHER] }),
      ) as KeyPolicyDocument;
      const both = [`arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:*`, `arn:aws:logs:us-east-1:${OTHER}:anomaly-detector:*`];
      expect(patterns('kms:EncryptionContext:aws:logs:arn', merged)).toEqual([both]);
      expect(patterns('kms:EncryptionContext:aws-crypto-ec:aws:logs:arn', merged)).toEqual([both]);
    });

    test('adds an account to statements already there, keeping the accounts they had, and is idempotent', () => {
      const once = mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT });
      const twice = mergeKeyPolicy(once, { region: 'us-east-1', account: OTHER });
      expect(JSON.parse(twice)).toEqual(
        JSON.parse(mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT }, { detectorAccounts: [ACCOUNT, OTHER] })),
      );
      expect(mergeKeyPolicy(twice, { region: 'us-east-1', account: OTHER }, { detectorAccounts: [OTHER, ACCOUNT] })).toBe(twice);
    });

    test('still refuses a statement under its Sid that differs in more than the accounts', () => {
      const once = JSON.parse(mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT })) as KeyPolicyDocument;
      const widened = { ...once, Statement: once.Statement.map((s) => (s.Sid === 'AllowCloudWatchLogsAnomalyDetectors' ? { ...s, Action: 'kms:*' } : s)) };
      expect(() => mergeKeyPolicy(JSON.stringify(widened), { region: 'us-east-1', account: OTHER })).toThrow(
        /already has a statement with Sid 'AllowCloudWatchLogsAnomalyDetectors'/,
      );
    });

    test.each<[string, string[], string]>([
      ['a duplicate', [ACCOUNT, ACCOUNT], `'detectorAccounts' must not name an account twice, got '${ACCOUNT}' twice`],
      ['a malformed one', [ACCOUNT, '12'], "'detectorAccounts[1]' must be 12 digits, got '12'"],
      ['none', [], "'detectorAccounts' must name at least one 12-digit account, got []"],
    ])('refuses %s', (_, accounts, message) => {
      expect(() => mergeKeyPolicy(JSON.stringify(existing), { region: 'us-east-1', account: ACCOUNT }, { detectorAccounts: accounts })).toThrow(
        new Error(message),
      );
    });
  });
});
