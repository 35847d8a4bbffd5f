import { AnomalyDetectorKey } from '../../modules/anomaly-detector-key';
import { onlyResource, resourceCount, synthStack } from '../support/synth';

const ACCOUNT = '111122223333';

function keyPolicy(synthesized: ReturnType<typeof synthStack>) {
  return JSON.parse(onlyResource(synthesized, 'aws_kms_key').policy as string);
}

describe('AnomalyDetectorKey', () => {
  test('makes a symmetric encrypt/decrypt key with rotation, a 30-day window and prevent_destroy', () => {
    const synthesized = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT }));
    expect(onlyResource(synthesized, 'aws_kms_key')).toMatchObject({
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      key_usage: 'ENCRYPT_DECRYPT',
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceCount(synthesized, 'aws_kms_alias')).toBe(0);
  });

  test('sets the policy inline, with the root and CloudWatch Logs statements for the stack region', () => {
    const policy = keyPolicy(synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT }), 'eu-west-1'));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'AllowCloudWatchLogsAnomalyDetectors',
      'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
    ]);
    expect(policy.Statement[1].Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(resourceCount(synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT })), 'aws_kms_key_policy')).toBe(0);
  });

  test('takes region, account and partition from data sources when neither props nor provider give them', () => {
    const synthesized = synthStack((stack) => new AnomalyDetectorKey(stack, 'key'), null);
    expect(Object.keys(synthesized.data ?? {}).sort()).toEqual(['aws_caller_identity', 'aws_partition', 'aws_region']);
    const policy = keyPolicy(synthesized);
    expect(policy.Statement[0].Principal.AWS).toBe(
      'arn:${data.aws_partition.AnomalyDetectorPartition.partition}:iam::${data.aws_caller_identity.AnomalyDetectorCallerIdentity.account_id}:root',
    );
    expect(policy.Statement[1].Principal.Service).toBe(
      'logs.${data.aws_region.AnomalyDetectorRegion.name}.${data.aws_partition.AnomalyDetectorPartition.dns_suffix}',
    );
  });

  test('shares one caller-identity data source between keys', () => {
    const synthesized = synthStack((stack) => {
      new AnomalyDetectorKey(stack, 'a');
      new AnomalyDetectorKey(stack, 'b');
    });
    expect(Object.keys(synthesized.data?.aws_caller_identity ?? {})).toHaveLength(1);
  });

  test('adds alias/ to an alias and creates aws_kms_alias for the key', () => {
    const synthesized = synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, alias: 'detectors' }));
    expect(onlyResource(synthesized, 'aws_kms_alias')).toEqual(
      expect.objectContaining({ name: 'alias/detectors', target_key_id: expect.stringContaining('aws_kms_key.') }),
    );
  });

  test('turns off prevent_destroy, rotation and sets the window when asked', () => {
    const synthesized = synthStack(
      (stack) =>
        new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, preventDestroy: false, enableKeyRotation: false, deletionWindowInDays: 7 }),
    );
    expect(onlyResource(synthesized, 'aws_kms_key')).toMatchObject({
      enable_key_rotation: false,
      deletion_window_in_days: 7,
      lifecycle: { prevent_destroy: false },
    });
  });

  test('addToResourcePolicy appends a statement and refuses a duplicate Sid', () => {
    const synthesized = synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT });
      key.addToResourcePolicy({ Sid: 'Audit', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/audit` }, Action: 'kms:DescribeKey', Resource: '*' });
      expect(() => key.addToResourcePolicy({ Sid: 'Audit', Effect: 'Deny', Action: 'kms:*', Resource: '*' })).toThrow(
        "Key policy statement Sids must be unique, got 'Sid' 'Audit' twice",
      );
    });
    expect(keyPolicy(synthesized).Statement.map((s: { Sid: string }) => s.Sid)).toContain('Audit');
  });

  test('fromKeyArn imports a key by ARN', () => {
    synthStack((stack) => {
      const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      expect(AnomalyDetectorKey.fromKeyArn(stack, 'imported', arn).keyArn).toBe(arn);
    });
  });

  test.each([
    [{ keySpec: 'RSA_2048' }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got 'RSA_2048': CloudWatch Logs supports only symmetric KMS keys"],
    [{ keySpec: 'HMAC_256' }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got 'HMAC_256': CloudWatch Logs supports only symmetric KMS keys"],
    [{ deletionWindowInDays: 6 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 6"],
    [{ deletionWindowInDays: 45 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 45"],
    [{ deletionWindowInDays: 7.5 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 7.5"],
    [{ rotationPeriodInDays: 89 }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got 89"],
    [{ rotationPeriodInDays: 2561 }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got 2561"],
    [{ rotationPeriodInDays: 180, enableKeyRotation: false }, "'rotationPeriodInDays' needs 'enableKeyRotation' true, got enableKeyRotation false"],
    [{ alias: 'alias/aws/logs' }, "'alias' must be at most 256 characters of letters, digits, '/', '_' and '-' and must not start with 'alias/aws/' (reserved for AWS managed keys), got 'alias/aws/logs'"],
    [{ alias: 'has space' }, "'alias' must be at most 256 characters of letters, digits, '/', '_' and '-' and must not start with 'alias/aws/' (reserved for AWS managed keys), got 'has space'"],
    [{ alias: 'a'.repeat(251) }, `'alias' must be at most 256 characters`],
    [{ description: 'd'.repeat(8193) }, "'description' must be at most 8192 characters, got 8193"],
    [{ account: '12345' }, "'account' must be 12 digits, got '12345'"],
    [{ additionalPolicyStatements: [{ Sid: 'Enable IAM User Permissions', Effect: 'Deny' as const, Action: 'kms:*', Resource: '*' }] }, "Key policy statement Sids must be unique, got 'Sid' 'Enable IAM User Permissions' twice"],
  ])('refuses %j', (props, message) => {
    expect(() => synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, ...props }))).toThrow(message);
  });

  test.each([
    'alias/my-key',
    'arn:aws:kms:us-east-1:111122223333:alias/my-key',
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:us-east-1:111122223333:key/not-a-key-id',
  ])('fromKeyArn refuses %s', (value) => {
    expect(() => synthStack((stack) => AnomalyDetectorKey.fromKeyArn(stack, 'imported', value))).toThrow(
      `'keyArn' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID); CloudWatch Logs stores anomaly-detector keys by ARN, not alias or id, got '${value}'`,
    );
  });
});
