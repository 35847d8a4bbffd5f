import {
  evaluateKeyPolicy,
  KmsRequest,
  MAX_POLICY_VALUE_LENGTH,
  parseKeyPolicy,
  PolicyDecision,
  UnsupportedPolicyError,
} from '../../../modules/key-policy-evaluator';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '444455556666';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DETECTOR = `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666`;
const LOGS = 'logs.us-east-1.amazonaws.com';
const LOGS_CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';
const SDK_CONTEXT_KEY = 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn';

/** A policy string parsed back to JSON, to build variants of it. */
interface PolicyJson {
  Version: string;
  Id?: string;
  Statement: object[];
}

/**
 * The key policy of the CloudWatch Logs guide, "Encrypt an anomaly detector and its results with
 * AWS KMS" (LogsAnomalyDetection-KMS), in its ArnLike form, as a string the way KMS returns it.
 */
const GUIDE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { Service: LOGS },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { ArnLike: { [LOGS_CONTEXT_KEY]: `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:*` } },
    },
    {
      Effect: 'Allow',
      Principal: { Service: LOGS },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { ArnLike: { [SDK_CONTEXT_KEY]: `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:*` } },
    },
  ],
});

/**
 * The same guide's later form: aws:SourceAccount and aws:SourceArn conditions, DescribeKey in
 * statements of its own. (The guide's example mixes two account ids; one is used here.)
 */
const DETECTORS = `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:*`;
const SOURCE_CONDITION = { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': DETECTORS } };
const GUIDE_POLICY_WITH_SOURCE = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [
    { Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'AllowCloudWatchLogsEncryption',
      Effect: 'Allow',
      Principal: { Service: LOGS },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { ...SOURCE_CONDITION, StringLike: { [LOGS_CONTEXT_KEY]: DETECTORS } },
    },
    {
      Sid: 'AllowCloudWatchLogsDescribeKey',
      Effect: 'Allow',
      Principal: { Service: LOGS },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
    {
      Sid: 'AllowCloudWatchLogsReEncryption',
      Effect: 'Allow',
      Principal: { Service: LOGS },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { ...SOURCE_CONDITION, StringLike: { [SDK_CONTEXT_KEY]: DETECTORS } },
    },
  ],
};

type Context = KmsRequest['context'];

function logs(action: string, context?: Context, service = LOGS): KmsRequest {
  return { principal: { service }, action, resource: KEY, context };
}

function aws(caller: string, action = 'kms:Decrypt', context?: Context): KmsRequest {
  return { principal: { aws: caller }, action, resource: KEY, context };
}

/** A one-statement policy around the parts a test varies. */
function policyWith(statement: Record<string, unknown>, version?: string): object {
  return {
    ...(version === undefined ? {} : { Version: version }),
    Statement: [{ Sid: 'Under test', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', ...statement }],
  };
}

function decision(policy: string | object, request: KmsRequest): PolicyDecision {
  return evaluateKeyPolicy(policy, request).decision;
}

function refusal(policy: unknown, request: KmsRequest = logs('kms:Decrypt')): UnsupportedPolicyError {
  try {
    evaluateKeyPolicy(policy as object, request);
  } catch (e) {
    if (e instanceof UnsupportedPolicyError) return e;
    throw e;
  }
  throw new Error('expected an UnsupportedPolicyError');
}

describe('the anomaly-detector key policy of the CloudWatch Logs guide', () => {
  const detectorContext = { [LOGS_CONTEXT_KEY]: DETECTOR };

  test.each(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext'])(
    'lets CloudWatch Logs call %s under a detector of the account',
    (action) => {
      expect(evaluateKeyPolicy(GUIDE_POLICY, logs(action, detectorContext))).toEqual({
        decision: 'allow',
        allowedBy: ['#1'],
        deniedBy: [],
        reason: `statement #1 allows ${action} for service ${LOGS}`,
      });
    },
  );

  test('lets CloudWatch Logs re-encrypt under the Encryption SDK context', () => {
    expect(evaluateKeyPolicy(GUIDE_POLICY, logs('kms:ReEncryptFrom', { [SDK_CONTEXT_KEY]: DETECTOR }))).toMatchObject({ decision: 'allow', allowedBy: ['#2'] });
  });

  test('does not let CloudWatch Logs re-encrypt under the plain context', () => {
    expect(decision(GUIDE_POLICY, logs('kms:ReEncryptFrom', detectorContext))).toBe('implicit-deny');
  });

  test.each<[string, KmsRequest]>([
    ['a detector of another account', logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: DETECTOR.replace(ACCOUNT, OTHER_ACCOUNT) })],
    ['a detector of another region', logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: DETECTOR.replace('us-east-1', 'eu-west-1') })],
    ['a log group instead of a detector', logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app` })],
    ['no encryption context', logs('kms:Decrypt')],
    ['a context value that is not an ARN', logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: 'anomaly-detector:5f2c1a90' })],
    ['a context value in another case', logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: DETECTOR.replace('anomaly-detector', 'Anomaly-Detector') })],
    ['another context key', logs('kms:Decrypt', { 'kms:EncryptionContext:aws:logs:detector': DETECTOR })],
    ['the service principal of another region', logs('kms:Decrypt', detectorContext, 'logs.eu-west-1.amazonaws.com')],
    ['another service', logs('kms:Decrypt', detectorContext, 'sns.amazonaws.com')],
  ])('denies CloudWatch Logs (implicitly) with %s', (_case, request) => {
    expect(decision(GUIDE_POLICY, request)).toBe('implicit-deny');
  });

  test('says why nothing allowed the request', () => {
    expect(evaluateKeyPolicy(GUIDE_POLICY, logs('kms:Decrypt'))).toEqual({
      decision: 'implicit-deny',
      allowedBy: [],
      deniedBy: [],
      reason: `no statement allows kms:Decrypt for service ${LOGS} on ${KEY} with the given request context`,
    });
  });

  test('matches the encryption-context key in any case, as KMS documents', () => {
    expect(decision(GUIDE_POLICY, logs('kms:Decrypt', { 'KMS:encryptioncontext:AWS:Logs:ARN': DETECTOR }))).toBe('allow');
  });

  test.each([`arn:aws:iam::${ACCOUNT}:role/admin`, ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`])('lets %s (the account, through IAM) manage the key', (caller) => {
    expect(evaluateKeyPolicy(GUIDE_POLICY, aws(caller, 'kms:PutKeyPolicy'))).toMatchObject({ decision: 'allow', allowedBy: ['Enable IAM User Permissions'] });
  });

  test('does not let another account use the key', () => {
    expect(decision(GUIDE_POLICY, aws(`arn:aws:iam::${OTHER_ACCOUNT}:root`, 'kms:Decrypt', detectorContext))).toBe('implicit-deny');
  });

  test('with only the root statement, does not let CloudWatch Logs use the key', () => {
    const rootOnly = { ...(JSON.parse(GUIDE_POLICY) as PolicyJson), Statement: [(JSON.parse(GUIDE_POLICY) as PolicyJson).Statement[0]] };
    expect(decision(rootOnly, logs('kms:GenerateDataKey', detectorContext))).toBe('implicit-deny');
  });

  test('an explicit Deny wins over the Allow', () => {
    const guide = JSON.parse(GUIDE_POLICY) as PolicyJson;
    const withDeny = {
      ...guide,
      Statement: [...guide.Statement, { Sid: 'NoLogs', Effect: 'Deny', Principal: { Service: LOGS }, Action: 'kms:Decrypt', Resource: '*' }],
    };
    expect(evaluateKeyPolicy(withDeny, logs('kms:Decrypt', detectorContext))).toEqual({
      decision: 'explicit-deny',
      allowedBy: ['#1'],
      deniedBy: ['NoLogs'],
      reason: `statement NoLogs denies kms:Decrypt for service ${LOGS}`,
    });
  });
});

describe('the later form of the guide policy, with aws:SourceAccount and aws:SourceArn', () => {
  const fullContext = { [LOGS_CONTEXT_KEY]: DETECTOR, 'aws:SourceArn': DETECTOR, 'aws:SourceAccount': ACCOUNT };

  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('lets CloudWatch Logs call %s for a detector of the account', (action) => {
    expect(evaluateKeyPolicy(GUIDE_POLICY_WITH_SOURCE, logs(action, fullContext))).toMatchObject({
      decision: 'allow',
      allowedBy: ['AllowCloudWatchLogsEncryption'],
    });
  });

  test('lets CloudWatch Logs describe the key for its own account', () => {
    expect(evaluateKeyPolicy(GUIDE_POLICY_WITH_SOURCE, logs('kms:DescribeKey', { 'aws:SourceAccount': ACCOUNT })).allowedBy).toEqual([
      'AllowCloudWatchLogsDescribeKey',
    ]);
  });

  test.each<[string, Context]>([
    ['no aws:SourceArn', { [LOGS_CONTEXT_KEY]: DETECTOR, 'aws:SourceAccount': ACCOUNT }],
    ['another aws:SourceAccount', { ...fullContext, 'aws:SourceAccount': OTHER_ACCOUNT }],
    ['a log group as aws:SourceArn', { ...fullContext, 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app` }],
  ])('denies CloudWatch Logs (implicitly) with %s', (_case, context) => {
    expect(decision(GUIDE_POLICY_WITH_SOURCE, logs('kms:GenerateDataKey', context))).toBe('implicit-deny');
  });
});

// Examples of "AWS KMS condition keys", kms:EncryptionContext:context-key, KMS Developer Guide.
describe('encryption-context conditions from the KMS Developer Guide', () => {
  const role = `arn:aws:iam::111122223333:role/RoleForExampleApp`;
  const appName = policyWith({ Principal: { AWS: role }, Condition: { StringEquals: { 'kms:EncryptionContext:Appname': 'ExampleApp' } } });

  test.each<[string, Context, PolicyDecision]>([
    ['the required pair', { 'kms:EncryptionContext:AppName': 'ExampleApp' }, 'allow'],
    ['the pair among others', { 'kms:EncryptionContext:AppName': 'ExampleApp', 'kms:EncryptionContext:Project': 'Alpha' }, 'allow'],
    ['the key in another case', { 'kms:EncryptionContext:APPNAME': 'ExampleApp' }, 'allow'],
    ['the value in another case', { 'kms:EncryptionContext:AppName': 'exampleapp' }, 'implicit-deny'],
    ['another value', { 'kms:EncryptionContext:AppName': 'Helper' }, 'implicit-deny'],
    ['no encryption context', undefined, 'implicit-deny'],
  ])('StringEquals on a context key, request with %s', (_case, context, expected) => {
    expect(decision(appName, aws(role, 'kms:Decrypt', context))).toBe(expected);
  });

  test.each<[string, PolicyDecision]>([
    ['IT', 'implicit-deny'],
    ['Alpha', 'allow'],
  ])('requires every listed pair (Department=IT and Project=%s)', (project, expected) => {
    const both = policyWith({ Condition: { StringEquals: { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': 'Alpha' } } });
    const context = { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': project };
    expect(decision(both, aws(role, 'kms:Decrypt', context))).toBe(expected);
  });

  test.each<[string, PolicyDecision]>([
    ['Restricted', 'explicit-deny'],
    ['Production', 'explicit-deny'],
    ['Test', 'allow'],
  ])('a Deny on Stage=Restricted or Stage=Production, request with Stage=%s', (stage, expected) => {
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: role },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:Stage': ['Restricted', 'Production'] } },
        },
        { Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:GenerateDataKey', Resource: '*' },
      ],
    };
    expect(decision(policy, aws(role, 'kms:GenerateDataKey', { 'kms:EncryptionContext:Stage': stage }))).toBe(expected);
  });

  test.each<[string, Context, PolicyDecision]>([
    ['with an encryption context', { 'kms:EncryptionContextKeys': ['AppName', 'Project'] }, 'allow'],
    ['without one', undefined, 'implicit-deny'],
  ])('Null false on kms:EncryptionContextKeys requires some context: request %s', (_case, context, expected) => {
    const policy = policyWith({ Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Condition: { Null: { 'kms:EncryptionContextKeys': false } } });
    expect(decision(policy, aws(role, 'kms:GenerateDataKey', context))).toBe(expected);
  });

  test('refuses a policy variable in a context value (Version 2012-10-17 substitutes it per caller)', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } } }, '2012-10-17');
    expect(refusal(policy).message).toBe('statement #0: Condition.StringEquals key #0: policy variables (${...}) are not supported by this evaluator');
  });

  test('takes ${...} literally in a policy without Version (2008-10-17)', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } } });
    expect(decision(policy, aws(role, 'kms:Decrypt', { 'kms:EncryptionContext:user': '${aws:username}' }))).toBe('allow');
  });
});

describe('principals', () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/ops/Deployer`;
  test.each<[string, unknown, KmsRequest, PolicyDecision]>([
    ['"*" covers a service', '*', logs('kms:Decrypt'), 'allow'],
    ['"*" covers an AWS principal', '*', aws(`arn:aws:iam::${OTHER_ACCOUNT}:user/bob`), 'allow'],
    ['AWS "*" covers any AWS principal', { AWS: '*' }, aws(OTHER_ACCOUNT), 'allow'],
    ['AWS "*" is not taken to cover a service', { AWS: '*' }, logs('kms:Decrypt'), 'implicit-deny'],
    ['an account id covers its users', { AWS: ACCOUNT }, aws(`arn:aws:iam::${ACCOUNT}:user/alice`), 'allow'],
    ['an account root ARN covers the account id', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, aws(ACCOUNT), 'allow'],
    ['an account root ARN covers its role sessions', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, aws(`arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/s1`), 'allow'],
    ['an account does not cover another account', { AWS: [ACCOUNT] }, aws(`arn:aws:iam::${OTHER_ACCOUNT}:role/Deployer`), 'implicit-deny'],
    ['an account does not cover a service', { AWS: ACCOUNT }, logs('kms:Decrypt'), 'implicit-deny'],
    ['a role covers itself', { AWS: role }, aws(role), 'allow'],
    ['a role covers its sessions', { AWS: role }, aws(`arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/s1`), 'allow'],
    ['a role does not cover another role', { AWS: role }, aws(`arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/s1`), 'implicit-deny'],
    [
      'a role does not cover a same-named role of another account',
      { AWS: role },
      aws(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Deployer/s1`),
      'implicit-deny',
    ],
    ['a role does not cover the account', { AWS: role }, aws(ACCOUNT), 'implicit-deny'],
    ['a user name is case-sensitive', { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, aws(`arn:aws:iam::${ACCOUNT}:user/Alice`), 'implicit-deny'],
    ['a service matches in any case, from a list', { Service: ['sns.amazonaws.com', LOGS.toUpperCase()] }, logs('kms:Decrypt'), 'allow'],
    ['a service does not cover an AWS principal', { Service: LOGS }, aws(ACCOUNT), 'implicit-deny'],
    ['AWS and Service together cover both', { AWS: ACCOUNT, Service: LOGS }, logs('kms:Decrypt'), 'allow'],
  ])('%s', (_case, principal, request, expected) => {
    expect(decision(policyWith({ Principal: principal }), request)).toBe(expected);
  });
});

describe('actions and resources', () => {
  test.each<[unknown, string, PolicyDecision]>([
    ['kms:*', 'kms:Decrypt', 'allow'],
    ['*', 'kms:Decrypt', 'allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext', 'allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey', 'allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateMac', 'implicit-deny'],
    ['KMS:decrypt', 'kms:Decrypt', 'allow'],
    ['kms:?ecrypt', 'kms:Decrypt', 'allow'],
    ['kms:?ecrypt', 'kms:ReEncrypt', 'implicit-deny'],
    [['s3:GetObject', 'kms:Decrypt'], 'kms:Decrypt', 'allow'],
    ['s3:*', 'kms:Decrypt', 'implicit-deny'],
  ])('Action %j, request %s', (action, requested, expected) => {
    expect(decision(policyWith({ Action: action }), logs(requested))).toBe(expected);
  });

  test.each<[unknown, PolicyDecision]>([
    ['*', 'allow'],
    [KEY, 'allow'],
    [[`arn:aws:kms:us-east-1:${ACCOUNT}:alias/logs`, KEY], 'allow'],
    [`arn:aws:kms:*:${ACCOUNT}:key/*`, 'allow'],
    [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-????-*`, 'allow'],
    [KEY.toUpperCase(), 'implicit-deny'],
    [`arn:aws:kms:us-east-1:${ACCOUNT}:key/other`, 'implicit-deny'],
  ])('Resource %j', (resource, expected) => {
    expect(decision(policyWith({ Resource: resource }), logs('kms:Decrypt'))).toBe(expected);
  });
});

describe('conditions', () => {
  test.each<[string, Context, PolicyDecision]>([
    ['both keys match', { [LOGS_CONTEXT_KEY]: DETECTOR, 'kms:CallerAccount': OTHER_ACCOUNT }, 'allow'],
    ['one value of a key does not match', { [LOGS_CONTEXT_KEY]: DETECTOR, 'kms:CallerAccount': '999999999999' }, 'implicit-deny'],
    ['one key is absent', { 'kms:CallerAccount': ACCOUNT }, 'implicit-deny'],
  ])('AND across operators and keys, OR across the values of a key: %s', (_case, context, expected) => {
    const policy = policyWith({
      Condition: {
        StringEquals: { 'kms:CallerAccount': [ACCOUNT, OTHER_ACCOUNT] },
        ArnLike: { [LOGS_CONTEXT_KEY]: 'arn:aws:logs:*:*:anomaly-detector:*' },
      },
    });
    expect(decision(policy, logs('kms:Decrypt', context))).toBe(expected);
  });

  test('condition key names match in any case', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'AWS:sourceaccount': ACCOUNT } } });
    expect(decision(policy, logs('kms:Decrypt', { 'aws:SourceAccount': ACCOUNT }))).toBe('allow');
  });

  test.each<[string, Context, PolicyDecision]>([
    ['absent', undefined, 'allow'],
    ['matching', { 'kms:ViaService': LOGS }, 'allow'],
    ['not matching', { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, 'implicit-deny'],
  ])('IfExists holds when the key is absent and tests it when present: key %s', (_case, context, expected) => {
    const policy = policyWith({ Condition: { StringEqualsIfExists: { 'kms:ViaService': LOGS } } });
    expect(decision(policy, logs('kms:Decrypt', context))).toBe(expected);
  });

  test.each(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'])(
    '%s holds when the key is absent (IAM: a negated condition on a missing key is true)',
    (operator) => {
      const policy = policyWith({ Effect: 'Deny', Condition: { [operator]: { 'aws:SourceArn': DETECTORS } } });
      expect(decision(policy, logs('kms:Decrypt'))).toBe('explicit-deny');
    },
  );

  test.each<[string, PolicyDecision]>([
    [DETECTOR, 'implicit-deny'],
    [`arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:other`, 'implicit-deny'],
    [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`, 'explicit-deny'],
  ])('a negated operator with several values denies only what matches none of them (NOR): %s', (value, expected) => {
    const policy = policyWith({
      Effect: 'Deny',
      Condition: { ArnNotEquals: { [LOGS_CONTEXT_KEY]: [DETECTOR, `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:other`] } },
    });
    expect(decision(policy, logs('kms:Decrypt', { [LOGS_CONTEXT_KEY]: value }))).toBe(expected);
  });

  test.each<[string, string, PolicyDecision]>([
    ['StringEquals', 'ExampleApp', 'allow'],
    ['StringEquals', 'exampleapp', 'implicit-deny'],
    ['StringEqualsIgnoreCase', 'EXAMPLEAPP', 'allow'],
    ['StringNotEqualsIgnoreCase', 'EXAMPLEAPP', 'implicit-deny'],
    ['StringNotEqualsIgnoreCase', 'Helper', 'allow'],
    ['StringLike', 'Example*', 'allow'],
    ['StringLike', 'Example?pp', 'allow'],
    ['StringLike', 'example*', 'implicit-deny'],
    ['StringNotLike', 'Helper*', 'allow'],
    ['StringNotLike', 'Ex*', 'implicit-deny'],
  ])('%s %j against ExampleApp', (operator, value, expected) => {
    const policy = policyWith({ Condition: { [operator]: { 'kms:EncryptionContext:AppName': value } } });
    expect(decision(policy, logs('kms:Decrypt', { 'kms:EncryptionContext:AppName': 'ExampleApp' }))).toBe(expected);
  });

  test.each<[string, PolicyDecision]>([
    ['StringLike', 'allow'],
    ['ArnLike', 'implicit-deny'],
  ])('%s: a * before the resource part does not span colons in ArnLike only', (operator, expected) => {
    const policy = policyWith({ Condition: { [operator]: { 'aws:SourceArn': `arn:aws:logs:us-*:${ACCOUNT}:anomaly-detector:*` } } });
    const shifted = `arn:aws:logs:us-east-1:x:${ACCOUNT}:anomaly-detector:y`;
    expect(decision(policy, logs('kms:Decrypt', { 'aws:SourceArn': shifted }))).toBe(expected);
  });

  test.each<[string, string, string, PolicyDecision]>([
    ['the resource part keeps its colons', 'ArnLike', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app:*`, 'allow'],
    ['? stands for one character', 'ArnLike', `arn:aws:logs:us-east-?:${ACCOUNT}:log-group:*`, 'allow'],
    ['parts are case-sensitive', 'ArnLike', `arn:aws:logs:US-EAST-1:${ACCOUNT}:log-group:*`, 'implicit-deny'],
    ['wildcards work as in ArnLike', 'ArnEquals', 'arn:aws:logs:*:*:log-group:/app:log-stream:*', 'allow'],
  ])('%s (%s)', (_case, operator, pattern, expected) => {
    const policy = policyWith({ Condition: { [operator]: { 'aws:SourceArn': pattern } } });
    const stream = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app:log-stream:s1`;
    expect(decision(policy, logs('kms:Decrypt', { 'aws:SourceArn': stream }))).toBe(expected);
  });

  test('takes a one-element list in the request as a single value', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
    expect(decision(policy, logs('kms:Decrypt', { 'aws:SourceAccount': [ACCOUNT] }))).toBe('allow');
  });

  test('refuses a plain operator on a multivalued request key (IAM wants ForAnyValue/ForAllValues)', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'kms:EncryptionContextKeys': 'AppName' } } });
    expect(refusal(policy, logs('kms:Decrypt', { 'kms:EncryptionContextKeys': ['AppName', 'Project'] })).message).toBe(
      'The request has 2 values for kms:EncryptionContextKeys; StringEquals on a multivalued condition key is not supported by this evaluator',
    );
  });

  test('refuses request keys that differ only by case', () => {
    const policy = policyWith({ Condition: { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } } });
    const context = { 'kms:EncryptionContext:AppName': 'ExampleApp', 'kms:EncryptionContext:appname': 'Other' };
    expect(refusal(policy, logs('kms:Decrypt', context)).message).toBe(
      "The request has condition keys that differ only by case (kms:EncryptionContext:AppName, kms:EncryptionContext:appname); which one IAM matches against the policy's condition key is not documented",
    );
  });
});

describe('policy documents', () => {
  test('takes Statement as a single object and the policy as a string', () => {
    const single = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' } });
    expect(evaluateKeyPolicy(single, logs('kms:Decrypt'))).toMatchObject({ decision: 'allow', allowedBy: ['#0'] });
  });

  test('names every statement that applies', () => {
    const policy = {
      Statement: [
        { Sid: 'A', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    expect(evaluateKeyPolicy(policy, logs('kms:Decrypt')).allowedBy).toEqual(['A', '#1']);
  });

  test('refuses malformed JSON', () => {
    const error = refusal('{"Statement": [');
    expect(error.message).toBe('The policy is not valid JSON');
  });

  const statement = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
  test.each<[string, unknown, string]>([
    [
      'NotPrincipal',
      { Statement: [{ ...statement, Principal: undefined, NotPrincipal: { AWS: ACCOUNT } }] },
      'statement #0: NotPrincipal is not supported by this evaluator',
    ],
    [
      'NotAction',
      { Statement: [{ ...statement, Sid: 'X', Action: undefined, NotAction: 'kms:Decrypt' }] },
      'statement #0: NotAction is not supported by this evaluator',
    ],
    ['NotResource', { Statement: [{ ...statement, Resource: undefined, NotResource: KEY }] }, 'statement #0: NotResource is not supported by this evaluator'],
    [
      'an unknown operator',
      { Statement: [{ ...statement, Condition: { NumericLessThan: { 'kms:x': '1' } } }] },
      'statement #0: condition operator NumericLessThan is not supported by this evaluator',
    ],
    [
      'Bool',
      { Statement: [{ ...statement, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] },
      'statement #0: condition operator Bool is not supported by this evaluator',
    ],
    [
      'NullIfExists',
      { Statement: [{ ...statement, Condition: { NullIfExists: { 'kms:x': 'true' } } }] },
      'statement #0: condition operator NullIfExists is not supported by this evaluator',
    ],
    [
      'a set operator',
      { Statement: [{ ...statement, Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' } } }] },
      'statement #0: condition operator ForAnyValue:StringEquals is not supported by this evaluator',
    ],
    [
      'an operator named like an Object member',
      { Statement: [{ ...statement, Condition: { toString: { 'kms:x': '1' } } }] },
      'statement #0: condition operator #0 is not supported by this evaluator',
    ],
    [
      'a non-ARN ArnLike pattern',
      { Statement: [{ ...statement, Condition: { ArnLikeIfExists: { 'aws:SourceArn': '*' } } }] },
      'statement #0: Condition.ArnLikeIfExists key #0: value #0 is not an ARN pattern (six colon-separated parts)',
    ],
    [
      'a number as condition value',
      { Statement: [{ ...statement, Condition: { StringEquals: { 'kms:CallerAccount': 123456789012 } } }] },
      'statement #0: Condition.StringEquals key #0 must be a string or a non-empty list of strings',
    ],
    [
      'a Null value that is not a boolean',
      { Statement: [{ ...statement, Condition: { Null: { 'kms:x': 'yes' } } }] },
      'statement #0: Condition.Null key #0 must be true or false',
    ],
    [
      'a Federated principal',
      { Statement: [{ ...statement, Principal: { Federated: 'cognito-identity.amazonaws.com' } }] },
      'statement #0: Principal type Federated is not supported by this evaluator',
    ],
    ['Service "*"', { Statement: [{ ...statement, Principal: { Service: '*' } }] }, 'statement #0: Principal.Service cannot be "*"'],
    ['an empty Principal', { Statement: [{ ...statement, Principal: {} }] }, 'statement #0: Principal must be "*" or an object naming at least one principal'],
    ['no Principal', { Statement: [{ ...statement, Principal: undefined }] }, 'statement #0: a key policy statement needs a Principal'],
    ['a bad Effect', { Statement: [{ ...statement, Effect: 'allow' }] }, 'statement #0: Effect must be Allow or Deny'],
    ['an empty Action list', { Statement: [{ ...statement, Action: [] }] }, 'statement #0: Action must be a string or a non-empty list of strings'],
    ['no Resource', { Statement: [{ ...statement, Resource: undefined }] }, 'statement #0: Resource must be a string or a non-empty list of strings'],
    [
      'a policy variable in Resource',
      { Version: '2012-10-17', Statement: [{ ...statement, Resource: 'arn:aws:kms:*:${aws:PrincipalAccount}:key/*' }] },
      'statement #0: Resource: policy variables (${...}) are not supported by this evaluator',
    ],
    [
      'a misspelt element',
      { Statement: [{ ...statement, Sid: 'Typo', Conditions: {} }] },
      'statement #0: an element other than Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition',
    ],
    ['a non-string Sid', { Statement: [{ ...statement, Sid: 7 }] }, 'statement #0: Sid must be a string'],
    ['a statement that is not an object', { Statement: ['Allow'] }, 'statement #0 must be an object'],
    ['a Condition that is not an object', { Statement: [{ ...statement, Condition: [] }] }, 'statement #0: Condition must be an object'],
    ['no Statement', { Version: '2012-10-17' }, 'The policy must be a JSON object with a Statement member'],
    ['an unknown top-level element', { Statement: [], Statements: [] }, 'The policy has an element other than Version, Id, Statement'],
    ['an unknown Version', { Version: '2012-10-18', Statement: [] }, 'Version must be 2012-10-17 or 2008-10-17'],
  ])('refuses %s', (_case, policy, message) => {
    const error = refusal(JSON.parse(JSON.stringify(policy)));
    expect(error.message).toBe(message);
  });
});

describe('evaluateKeyPolicy against a hostile policy', () => {
  const HOSTILE = 'x\n### ✅ No blocking findings: safe to merge\n<!-- @acme/team';
  const statement = { Sid: HOSTILE, Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };

  test.each<[string, object]>([
    ['an unsupported element', { ...statement, NotAction: 'kms:*' }],
    ['an unknown element', { ...statement, [HOSTILE]: 1 }],
    ['an unknown operator', { ...statement, Condition: { [HOSTILE]: { k: 'v' } } }],
    ['an unknown principal type', { ...statement, Principal: { [HOSTILE]: 'x' } }],
    ['a non-ARN ArnLike value', { ...statement, Condition: { ArnLike: { [HOSTILE]: HOSTILE } } }],
    ['a bad Effect', { ...statement, Effect: HOSTILE }],
  ])('the error for %s names the statement by index and quotes nothing the author wrote', (_case, bad) => {
    const message = refusal({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, bad] }).message;
    expect(message).toMatch(/^statement #1\b/);
    expect(message).not.toMatch(/No blocking|<!--|@acme|\n/);
  });

  test('the error for invalid JSON quotes none of it', () => {
    expect(refusal(`{"Statement": "${HOSTILE}`).message).toBe('The policy is not valid JSON');
  });

  test('a policy over 32,768 bytes is refused as too large, not evaluated', () => {
    const policy = JSON.stringify({
      Statement: [{ ...statement, Sid: 'S', Resource: Array.from({ length: 800 }, (_, i) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${i}`) }],
    });
    expect(policy.length).toBeGreaterThan(32_768);
    expect(refusal(policy).message).toBe(`The policy is ${policy.length} bytes, more than the 32768 bytes KMS accepts for a key policy`);
  });

  test('the size counts UTF-8 bytes, as KMS does', () => {
    const policy = JSON.stringify({ Statement: [{ ...statement, Sid: 'é'.repeat(16_400) }] });
    expect(policy.length).toBeLessThan(32_768);
    expect(refusal(policy).message).toMatch(/^The policy is 328\d\d bytes, more than the 32768 bytes/);
  });

  test('a value longer than the longest ARN is refused', () => {
    expect(MAX_POLICY_VALUE_LENGTH).toBe(2048);
    const message = refusal({ Statement: [{ ...statement, Resource: ['*', `${'*?'.repeat(1025)}`] }] }).message;
    expect(message).toBe('statement #0: Resource: value #1 is longer than 2048 characters (the longest ARN IAM accepts)');
  });

  test('a parsed policy answers as its text does, and is read once', () => {
    const text = JSON.stringify({
      Statement: [{ ...statement, Sid: 'S', Action: 'kms:Generate*', Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:*:d?' } } }],
    });
    const parsed = parseKeyPolicy(text);
    for (const [action, arn] of [
      ['kms:GenerateDataKey', 'arn:x:d1'],
      ['kms:GenerateDataKey', 'arn:x:d12'],
      ['kms:Decrypt', 'arn:x:d1'],
    ]) {
      const request = { ...logs(action), context: { 'kms:EncryptionContext:aws:logs:arn': arn } };
      expect(evaluateKeyPolicy(parsed, request)).toEqual(evaluateKeyPolicy(text, request));
    }
    expect(evaluateKeyPolicy(parsed, { ...logs('kms:GenerateDataKey'), context: { 'kms:EncryptionContext:aws:logs:arn': 'arn:x:d1' } }).decision).toBe('allow');
  });
});
