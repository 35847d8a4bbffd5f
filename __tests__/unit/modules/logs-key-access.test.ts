import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../../modules/key-policy';
import { missingLogsPermissions } from '../../../modules/logs-key-access';
import { KEY_POLICY_ORACLE, ORACLE_SCOPE } from '../../fixtures/key-policy-oracle';

/** A literal policy of the oracle (account 123456789012, us-east-1), as the guide writes it. */
const oracle = (name: string) => JSON.stringify(KEY_POLICY_ORACLE.find((row) => row.name.startsWith(name))!.policy);

const SCOPE = { region: 'eu-west-1', account: '111122223333' };
const rootOnly = JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] });

describe('missingLogsPermissions', () => {
  test('is empty for the policy the guide shows, written out', () => {
    expect(missingLogsPermissions(oracle("the guide's policy as shown today"), ORACLE_SCOPE)).toEqual([]);
  });

  test('names every missing action and context for a root-only policy', () => {
    const missing = missingLogsPermissions(rootOnly, SCOPE);
    expect(missing).toHaveLength(9);
    expect(missing[0]).toBe('logs.eu-west-1.amazonaws.com cannot call kms:Encrypt under kms:EncryptionContext:aws:logs:arn: no statement allows it');
  });

  test('names an explicit deny', () => {
    expect(missingLogsPermissions(oracle('a Deny of kms:Decrypt'), ORACLE_SCOPE)).toEqual([
      'logs.us-east-1.amazonaws.com cannot call kms:Decrypt under kms:EncryptionContext:aws:logs:arn: denied by statement NoLogsDecrypt',
      'logs.us-east-1.amazonaws.com cannot call kms:Decrypt under kms:EncryptionContext:aws-crypto-ec:aws:logs:arn: denied by statement NoLogsDecrypt',
    ]);
  });

  test('a Deny whose StringLike is a backtracking shape (12 *? pairs) is judged at once: it denies no detector', () => {
    const shape = `${'*?'.repeat(12)}!`;
    const policy = anomalyDetectorKeyPolicy(SCOPE, [
      {
        Sid: 'Shape',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': shape } },
      },
    ]);
    expect(missingLogsPermissions(JSON.stringify(policy), SCOPE)).toEqual([]);
  });

  test('holds policies for another region to their own principal', () => {
    expect(missingLogsPermissions(oracle("the guide's policy as shown today"), { ...ORACLE_SCOPE, region: 'eu-west-1' })).toHaveLength(9);
  });
});

describe('missingLogsPermissions across partitions', () => {
  test.each(['cn-north-1', 'us-gov-west-1'])(
    'finds nothing missing in what anomalyDetectorKeyPolicy builds for %s: the partition derived as mergeKeyPolicy does',
    (region) => {
      const scope = { region, account: '111122223333' };
      expect(missingLogsPermissions(JSON.stringify(anomalyDetectorKeyPolicy(scope)), scope)).toEqual([]);
    },
  );
});
