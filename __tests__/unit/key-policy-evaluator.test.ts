import { evaluateKeyPolicy, KmsRequest, UnsupportedPolicyError } from '../../localstack/key-policy-evaluator';
import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../modules/key-policy';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DETECTOR = `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666`;
const LOGS = { service: 'logs.us-east-1.amazonaws.com' };
const documented = anomalyDetectorKeyPolicy({ region: 'us-east-1', account: ACCOUNT });

function logsRequest(action: string, context?: KmsRequest['context'], principal: KmsRequest['principal'] = LOGS): KmsRequest {
  return { principal, action, resource: KEY, context };
}

describe('evaluateKeyPolicy on the documented anomaly-detector key policy', () => {
  test.each(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext'])(
    'allows CloudWatch Logs %s for a detector of the account',
    (action) => {
      const result = evaluateKeyPolicy(documented, logsRequest(action, { 'kms:EncryptionContext:aws:logs:arn': DETECTOR }));
      expect(result).toMatchObject({ decision: 'allow', allowedBy: ['AllowCloudWatchLogsAnomalyDetectors'] });
    },
  );

  test('allows ReEncrypt only under the Encryption SDK context', () => {
    expect(evaluateKeyPolicy(documented, logsRequest('kms:ReEncryptFrom', { 'kms:EncryptionContext:aws:logs:arn': DETECTOR })).decision).toBe(
      'implicit-deny',
    );
    expect(
      evaluateKeyPolicy(documented, logsRequest('kms:ReEncryptFrom', { 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn': DETECTOR })),
    ).toMatchObject({ decision: 'allow', allowedBy: ['AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk'] });
  });

  test.each<[string, KmsRequest]>([
    ['another account', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': DETECTOR.replace(ACCOUNT, '444455556666') })],
    ['another region', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': DETECTOR.replace('us-east-1', 'eu-west-1') })],
    ['a log group instead of a detector', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app` })],
    ['no encryption context', logsRequest('kms:Decrypt')],
    ['a context value that is not an ARN', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': 'anomaly-detector' })],
    ['the service principal of another region', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': DETECTOR }, { service: 'logs.eu-west-1.amazonaws.com' })],
    ['another service', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': DETECTOR }, { service: 'sns.amazonaws.com' })],
    ['a differently cased context key', logsRequest('kms:Decrypt', { 'kms:EncryptionContext:AWS:LOGS:ARN': DETECTOR })],
  ])('denies (implicitly) %s', (_name, request) => {
    const result = evaluateKeyPolicy(documented, request);
    expect(result.decision).toBe('implicit-deny');
    expect(result.reason).toBe(`no statement allows kms:Decrypt to service ${('service' in request.principal && request.principal.service) || ''} on ${KEY} with the given request context`);
  });

  test('matches the kms:EncryptionContext: prefix and action names case-insensitively', () => {
    expect(evaluateKeyPolicy(documented, logsRequest('KMS:decrypt', { 'KMS:encryptioncontext:aws:logs:arn': DETECTOR })).decision).toBe('allow');
  });

  test('lets the account root (and so any principal of the account) manage the key', () => {
    expect(evaluateKeyPolicy(documented, { principal: { aws: `arn:aws:iam::${ACCOUNT}:role/admin` }, action: 'kms:PutKeyPolicy', resource: KEY }).decision).toBe('allow');
    expect(evaluateKeyPolicy(documented, { principal: { aws: ACCOUNT }, action: 'kms:ScheduleKeyDeletion', resource: KEY }).decision).toBe('allow');
    expect(evaluateKeyPolicy(documented, { principal: { aws: '444455556666' }, action: 'kms:Decrypt', resource: KEY }).decision).toBe('implicit-deny');
  });
});

describe('evaluateKeyPolicy semantics', () => {
  const context = { 'kms:EncryptionContext:aws:logs:arn': DETECTOR };

  test('a policy with only the root statement does not let CloudWatch Logs use the key', () => {
    const rootOnly = { Version: '2012-10-17', Statement: [accountRootStatement({ region: 'us-east-1', account: ACCOUNT })] };
    expect(evaluateKeyPolicy(rootOnly, logsRequest('kms:GenerateDataKey', context)).decision).toBe('implicit-deny');
  });

  test('an explicit Deny wins over every Allow', () => {
    const withDeny = {
      ...documented,
      Statement: [...documented.Statement, { Sid: 'NoLogs', Effect: 'Deny', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' }],
    };
    expect(evaluateKeyPolicy(withDeny, logsRequest('kms:Decrypt', context))).toMatchObject({
      decision: 'explicit-deny',
      deniedBy: ['NoLogs'],
      allowedBy: ['AllowCloudWatchLogsAnomalyDetectors'],
      reason: 'statement NoLogs denies kms:Decrypt to service logs.us-east-1.amazonaws.com',
    });
  });

  test('a * principal allows anyone, a statement without Sid is named by its index', () => {
    const open = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] };
    expect(evaluateKeyPolicy(open, logsRequest('kms:Decrypt'))).toMatchObject({ decision: 'allow', allowedBy: ['#0'] });
    const awsStar = { Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' } };
    expect(evaluateKeyPolicy(awsStar, { principal: { aws: '444455556666' }, action: 'kms:Decrypt', resource: KEY }).decision).toBe('allow');
  });

  test('conditions AND across keys and operators, OR across the values of one key', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: ['sns.amazonaws.com', 'logs.us-east-1.amazonaws.com'] },
          Action: ['kms:Decrypt'],
          Resource: KEY,
          Condition: {
            StringEquals: { 'kms:CallerAccount': [ACCOUNT, '444455556666'] },
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:*:anomaly-detector:*' },
          },
        },
      ],
    };
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { ...context, 'kms:CallerAccount': '444455556666' })).decision).toBe('allow');
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { ...context, 'kms:CallerAccount': '999999999999' })).decision).toBe('implicit-deny');
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { 'kms:CallerAccount': ACCOUNT })).decision).toBe('implicit-deny');
  });

  test('IfExists is true when the key is absent and tested when present', () => {
    const policy = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEqualsIfExists: { 'kms:ViaService': 'logs.us-east-1.amazonaws.com' } } }],
    };
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt')).decision).toBe('allow');
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { 'kms:ViaService': 'logs.us-east-1.amazonaws.com' })).decision).toBe('allow');
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { 'kms:ViaService': 's3.us-east-1.amazonaws.com' })).decision).toBe('implicit-deny');
  });

  test('negated operators need every value unmatched; ArnEquals compares part by part', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { ArnNotEquals: { 'kms:EncryptionContext:aws:logs:arn': [DETECTOR, 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:other'] } },
        },
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    expect(evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', context)).decision).toBe('allow');
    expect(
      evaluateKeyPolicy(policy, logsRequest('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:arn': `${DETECTOR}-x` })).decision,
    ).toBe('explicit-deny');
  });

  test.each<[string, unknown, string]>([
    ['NotPrincipal', { Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: ACCOUNT }, Action: '*', Resource: '*' }] }, 'NotPrincipal is not supported by this evaluator (statement #0)'],
    ['NotAction', { Statement: [{ Sid: 'X', Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }] }, 'NotAction is not supported by this evaluator (statement X)'],
    ['an unknown operator', { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'kms:x': '1' } } }] }, 'Condition operator NumericLessThan is not supported by this evaluator (statement #0)'],
    ['a set qualifier', { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:x': '1' } } }] }, 'Condition operator ForAnyValue:StringEquals is not supported by this evaluator (statement #0)'],
    ['a federated principal', { Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: '*', Resource: '*' }] }, 'Statement #0: Principal type Federated is not supported by this evaluator'],
    ['a bad effect', { Statement: [{ Effect: 'allow', Principal: '*', Action: '*', Resource: '*' }] }, 'Statement #0: Effect must be Allow or Deny, got "allow"'],
    ['no principal', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'Statement #0: a key policy statement needs a Principal'],
    ['no Statement', { Version: '2012-10-17' }, 'The policy must be a JSON object with a Statement member'],
    ['malformed JSON', '{"Statement": [', 'The policy is not valid JSON'],
    ['an empty action list', { Statement: [{ Effect: 'Allow', Principal: '*', Action: [], Resource: '*' }] }, 'Statement #0: Action must be a string or a non-empty list of strings'],
  ])('refuses %s', (_name, policy, message) => {
    const evaluate = () => evaluateKeyPolicy(policy as object, logsRequest('kms:Decrypt'));
    expect(evaluate).toThrow(UnsupportedPolicyError);
    expect(evaluate).toThrow(message);
  });
});
