import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../../modules/key-policy';
import { missingLogsPermissions } from '../../../modules/logs-key-access';

const SCOPE = { region: 'eu-west-1', account: '111122223333' };
const rootOnly = JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] });

describe('missingLogsPermissions', () => {
  test('is empty for the documented policy', () => {
    expect(missingLogsPermissions(JSON.stringify(anomalyDetectorKeyPolicy(SCOPE)), SCOPE)).toEqual([]);
  });

  test('names every missing action and context for a root-only policy', () => {
    const missing = missingLogsPermissions(rootOnly, SCOPE);
    expect(missing).toHaveLength(9);
    expect(missing[0]).toBe('logs.eu-west-1.amazonaws.com cannot call kms:Encrypt under kms:EncryptionContext:aws:logs:arn: no statement allows it');
  });

  test('names an explicit deny', () => {
    const policy = anomalyDetectorKeyPolicy(SCOPE, [
      { Sid: 'NoDecrypt', Effect: 'Deny', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
    ]);
    expect(missingLogsPermissions(JSON.stringify(policy), SCOPE)).toEqual([
      'logs.eu-west-1.amazonaws.com cannot call kms:Decrypt under kms:EncryptionContext:aws:logs:arn: denied by statement NoDecrypt',
      'logs.eu-west-1.amazonaws.com cannot call kms:Decrypt under kms:EncryptionContext:aws-crypto-ec:aws:logs:arn: denied by statement NoDecrypt',
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
    expect(missingLogsPermissions(JSON.stringify(anomalyDetectorKeyPolicy({ ...SCOPE, region: 'us-east-1' })), SCOPE)).toHaveLength(9);
  });
});

describe('missingLogsPermissions across partitions', () => {
  test.each(['cn-north-1', 'us-gov-west-1'])('derives the partition from %s as mergeKeyPolicy does', (region) => {
    const scope = { region, account: '111122223333' };
    expect(missingLogsPermissions(JSON.stringify(anomalyDetectorKeyPolicy(scope)), scope)).toEqual([]);
  });
});
