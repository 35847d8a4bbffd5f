import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { onlyResource, resourceCount, synthStack } from '../../support/synth';

const ACCOUNT = '111122223333';

/** The parts of a synthesized key policy the tests read. */
interface SynthesizedKeyPolicy {
  Statement: Array<{ Sid: string; Principal: Record<string, string> }>;
}

function keyPolicy(synthesized: ReturnType<typeof synthStack>) {
  return JSON.parse(onlyResource(synthesized, 'aws_kms_key').policy as string) as SynthesizedKeyPolicy;
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
    expect(
      resourceCount(
        synthStack((stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT })),
        'aws_kms_key_policy',
      ),
    ).toBe(0);
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
      expect.objectContaining({ name: 'alias/detectors', target_key_id: expect.stringContaining('aws_kms_key.') as string }),
    );
  });

  test('turns off prevent_destroy, rotation and sets the window when asked', () => {
    const synthesized = synthStack(
      (stack) => new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT, preventDestroy: false, enableKeyRotation: false, deletionWindowInDays: 7 }),
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
      key.addToResourcePolicy({
        Sid: 'Audit',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/audit` },
        Action: 'kms:DescribeKey',
        Resource: '*',
      });
      expect(() => key.addToResourcePolicy({ Sid: 'Audit', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' })).toThrow(
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
});
