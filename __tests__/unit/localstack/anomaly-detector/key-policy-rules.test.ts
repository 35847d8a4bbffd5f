import { judgeServiceCall, PolicyNotJudged, ServiceCall } from '../../../../localstack/anomaly-detector/key-policy-rules';

// The local AWS's own rules, beyond the oracle's rows: what each documented rule does, and what
// it refuses to judge. The oracle (__tests__/unit/oracle/) holds the rules to AWS's answers.
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:d1';
const CALL: ServiceCall = {
  servicePrincipal: 'logs.us-east-1.amazonaws.com',
  action: 'kms:Decrypt',
  keyArn: KEY,
  conditionKeys: { 'kms:EncryptionContext:aws:logs:arn': DETECTOR, 'aws:SourceAccount': '123456789012' },
};
const logs = { Service: 'logs.us-east-1.amazonaws.com' };
const judge = (...Statement: object[]) => judgeServiceCall(JSON.stringify({ Version: '2012-10-17', Statement }), CALL);
const allow = (extra: object = {}) => ({ Effect: 'Allow', Principal: logs, Action: 'kms:Decrypt', Resource: '*', ...extra });

describe('judgeServiceCall', () => {
  test('a single statement object (not a list) applies', () => {
    expect(judgeServiceCall(JSON.stringify({ Statement: allow() }), CALL)).toEqual({ admitted: true });
  });

  test('an AWS principal never names a service', () => {
    expect(judge(allow({ Principal: { AWS: '*' } }))).toEqual({ admitted: false, deniedBy: [] });
  });

  test.each([
    ['NotAction that leaves the call out', { Action: undefined, NotAction: 'kms:Encrypt' }, true],
    ['NotAction that names the call', { Action: undefined, NotAction: 'kms:Decrypt' }, false],
    ['NotResource that names another key', { Resource: undefined, NotResource: `${KEY}-other` }, true],
    ['a Resource naming another key', { Resource: `${KEY}-other` }, false],
    ['Null: the context key is present', { Condition: { Null: { 'kms:EncryptionContext:aws:logs:arn': 'false' } } }, true],
    ['Null: a key the call lacks is absent', { Condition: { Null: { 'aws:SourceArn': true } } }, true],
    ['StringLikeIfExists on a key the call lacks', { Condition: { StringLikeIfExists: { 'aws:SourceArn': 'nothing' } } }, true],
    ['StringNotLike on a key the call lacks', { Condition: { StringNotLike: { 'aws:SourceArn': '*' } } }, true],
    ['ArnNotLike naming the detector', { Condition: { ArnNotLike: { 'kms:EncryptionContext:aws:logs:arn': DETECTOR } } }, false],
    [
      'ArnLike: a * does not span the colons of the first five parts',
      { Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:anomaly-detector:d1' } } },
      false,
    ],
    [
      'StringEqualsIgnoreCase on another case',
      { Condition: { StringEqualsIgnoreCase: { 'kms:EncryptionContext:aws:logs:arn': DETECTOR.toUpperCase() } } },
      true,
    ],
    ['values of one key are alternatives', { Condition: { StringEquals: { 'aws:SourceAccount': ['111122223333', '123456789012'] } } }, true],
  ])('%s', (_, extra, admitted) => {
    expect(judge(allow(extra)).admitted).toBe(admitted);
  });

  test('an applicable Deny wins and is named by Sid, or by index without one', () => {
    expect(judge(allow(), { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }, { ...allow(), Sid: 'No', Effect: 'Deny' })).toEqual({
      admitted: false,
      deniedBy: ['#1', 'No'],
    });
  });

  test.each([
    ['NotPrincipal in an Allow', { Principal: undefined, NotPrincipal: { AWS: '*' } }, 'NotPrincipal in an Allow'],
    ['another operator', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }, 'the condition operator DateGreaterThan'],
    ['ForAnyValue', { Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:logs:arn' } } }, 'ForAnyValue:StringEquals'],
    ['a policy variable', { Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } }, 'uses a policy variable'],
    ['neither Action nor NotAction', { Action: undefined }, 'has neither Action nor NotAction'],
  ])('does not judge %s', (_, extra, words) => {
    const judging = () => judge(allow(extra));
    expect(judging).toThrow(PolicyNotJudged);
    expect(judging).toThrow(words);
  });

  test.each([
    ['not JSON', '{', 'the policy is not JSON'],
    ['no Statement', '{}', 'the policy has no Statement'],
    ['an Effect other than Allow or Deny', JSON.stringify({ Statement: [{ ...allow(), Effect: 'Maybe' }] }), 'statement #0 has no Effect Allow or Deny'],
  ])('does not judge a policy with %s', (_, policy, message) => {
    expect(() => judgeServiceCall(policy, CALL)).toThrow(new PolicyNotJudged(message));
  });
});
