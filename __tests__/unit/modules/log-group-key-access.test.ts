import { anomalyDetectorKeyPolicy } from '../../../modules/key-policy';
import { deniedLogGroupCalls, missingLogGroupPermissions } from '../../../modules/log-group-key-access';

const ACCOUNT = '111122223333';
const SCOPE = { region: 'us-east-1', account: ACCOUNT };
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const policy = (logGroups: string[] = []) => JSON.stringify(anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], logGroups));

describe('deniedLogGroupCalls', () => {
  test('none for a log group the policy names; every call for another', () => {
    expect(deniedLogGroupCalls(policy(['/app']), SCOPE, KEY, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`)).toEqual([]);
    expect(deniedLogGroupCalls(policy(['/app']), SCOPE, KEY, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/other`).map((c) => c.action)).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncryptFrom',
      'kms:GenerateDataKey',
      'kms:DescribeKey',
    ]);
  });

  test("the detector statements alone do not serve log groups: their context is a detector's ARN", () => {
    expect(deniedLogGroupCalls(policy(), SCOPE, KEY, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`)).toHaveLength(5);
  });
});

describe('missingLogGroupPermissions', () => {
  test('empty for a sufficient policy, names and patterns alike', () => {
    expect(missingLogGroupPermissions(policy(['*']), SCOPE, ['/app', '*', '/app/*'])).toEqual([]);
    expect(missingLogGroupPermissions(policy(['/app/*']), SCOPE, ['/app/web'])).toEqual([]);
  });

  test('one sentence per missing call, naming the log group', () => {
    expect(missingLogGroupPermissions(policy(['/app']), SCOPE, ['*'])[0]).toBe(
      'logs.us-east-1.amazonaws.com cannot call kms:Encrypt for log group *: no statement allows it',
    );
  });
});
