import { TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EncryptedLogAnomalyDetector, EncryptedLogAnomalyDetectorProps } from '../../../../modules/encrypted-log-anomaly-detector';
import { onlyResource, synthStack } from '../../../support/synth';

// Every prop of EncryptedLogAnomalyDetectorProps against each bad-input class that applies to
// it: the wrong JavaScript type, empty, too long, out of range or enum, a malformed ARN, an ARN
// of another region; a key of another account is a warning.

const ACCOUNT = '111122223333';
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const IN_EU = (arn: string) => arn.replace('us-east-1', 'eu-west-1');
const LOG_GROUP_RULE = 'must be a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME)';
const KEY_RULE = 'must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID); CloudWatch Logs stores anomaly-detector keys by ARN, not alias or id';
const REGION_RULE = "CloudWatch Logs uses only keys and log groups in the detector's region";
const FREQUENCIES = 'ONE_MIN | FIVE_MIN | TEN_MIN | FIFTEEN_MIN | THIRTY_MIN | ONE_HOUR';
const TAG_CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';
const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

/** Builds a detector from valid props with `override` laid over them; returns its warnings. */
function makeDetector(override: unknown, region: string | null = 'us-east-1'): string[] {
  let detector: Construct | undefined;
  synthStack((stack) => {
    const props = override === null || typeof override !== 'object' ? override : { logGroups: [LOG_GROUP], key: KEY_ARN, ...override };
    detector = new EncryptedLogAnomalyDetector(stack, 'detector', props as EncryptedLogAnomalyDetectorProps);
  }, region);
  return detector!.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as string);
}

describe('EncryptedLogAnomalyDetector refuses bad props', () => {
  test.each<[string, unknown, string]>([
    ['props: null', null, "'props' must be an object of EncryptedLogAnomalyDetectorProps, got null"],

    ['logGroups: missing', { logGroups: undefined }, "'logGroups' must be a list of CloudwatchLogGroup constructs or log group ARNs, got undefined"],
    [
      'logGroups: one ARN, not a list',
      { logGroups: LOG_GROUP },
      `'logGroups' must be a list of CloudwatchLogGroup constructs or log group ARNs, got string '${LOG_GROUP}'`,
    ],
    ['logGroups: empty', { logGroups: [] }, "'logGroups' must name at least one log group, got an empty list"],
    ['logGroups: a number', { logGroups: [42] }, "'logGroups[0]' must be a CloudwatchLogGroup construct or a log group ARN, got number 42"],
    ['logGroups: null', { logGroups: [null] }, "'logGroups[0]' must be a CloudwatchLogGroup construct or a log group ARN, got null"],
    [
      'logGroups: an object without arn',
      { logGroups: [{ name: '/app' }] },
      `'logGroups[0]' must be a CloudwatchLogGroup construct or a log group ARN, got object {"name":"/app"}`,
    ],
    ['logGroups: an empty ARN', { logGroups: [''] }, `'logGroups[0]' ${LOG_GROUP_RULE}, got ''`],
    ['logGroups: a name, not an ARN', { logGroups: ['/app/web'] }, `'logGroups[0]' ${LOG_GROUP_RULE}, got '/app/web'`],
    ['logGroups: a key ARN', { logGroups: [LOG_GROUP, KEY_ARN] }, `'logGroups[1]' ${LOG_GROUP_RULE}, got '${KEY_ARN}'`],
    [
      'logGroups: a name of 513 characters',
      { logGroups: [`${LOG_GROUP}${'x'.repeat(505)}`] },
      `'logGroups[0]' ${LOG_GROUP_RULE}, got '${LOG_GROUP}${'x'.repeat(505)}'`,
    ],
    ['logGroups: a name with a space', { logGroups: [`${LOG_GROUP} x`] }, `'logGroups[0]' ${LOG_GROUP_RULE}, got '${LOG_GROUP} x'`],
    [
      'logGroups: an unknown partition',
      { logGroups: [LOG_GROUP.replace('arn:aws:', 'arn:aws-xx:')] },
      `'logGroups[0]' ${LOG_GROUP_RULE}, got '${LOG_GROUP.replace('arn:aws:', 'arn:aws-xx:')}'`,
    ],
    [
      'logGroups: another region',
      { logGroups: [IN_EU(LOG_GROUP)] },
      `'logGroups[0]' must be in the detector's region us-east-1 (of the default aws provider), got region eu-west-1 in '${IN_EU(LOG_GROUP)}': ${REGION_RULE}`,
    ],

    ['key: a number', { key: 42 }, "'key' must be an AnomalyDetectorKey, a KMS key ARN or 'aws-owned', got number 42"],
    ['key: null', { key: null }, "'key' must be an AnomalyDetectorKey, a KMS key ARN or 'aws-owned', got null"],
    ['key: an object without keyArn', { key: {} }, "'key' must be an AnomalyDetectorKey, a KMS key ARN or 'aws-owned', got object {}"],
    ['key: empty', { key: '' }, `'key' ${KEY_RULE}, got ''`],
    ['key: an alias', { key: 'alias/my-key' }, `'key' ${KEY_RULE}, got 'alias/my-key'`],
    ['key: a key id', { key: '1234abcd-12ab-34cd-56ef-1234567890ab' }, `'key' ${KEY_RULE}, got '1234abcd-12ab-34cd-56ef-1234567890ab'`],
    ['key: a too long ARN', { key: `${KEY_ARN}${'0'.repeat(200)}` }, `'key' ${KEY_RULE}, got '${KEY_ARN}${'0'.repeat(200)}'`],
    ["key: 'AWS-OWNED' (the keyword is lower case)", { key: 'AWS-OWNED' }, `'key' ${KEY_RULE}, got 'AWS-OWNED'`],
    [
      'key: an ARN of another region',
      { key: IN_EU(KEY_ARN) },
      `'key' is a key ARN in region eu-west-1, the detector is in region us-east-1 (of the default aws provider), got '${IN_EU(KEY_ARN)}': ${REGION_RULE}`,
    ],
    [
      'key: an imported key of another region',
      { key: { keyArn: IN_EU(KEY_ARN) } },
      `'key' is an imported key in region eu-west-1, the detector is in region us-east-1 (of the default aws provider), got '${IN_EU(KEY_ARN)}': ${REGION_RULE}`,
    ],

    ['region: a number', { region: 1 }, "'region' must be a string, got number 1"],
    ['region: not a region name', { region: 'Europe' }, "'region' must be an AWS region name like 'us-east-1', got 'Europe'"],
    [
      "region: another region than the provider's, on hashicorp/aws 5",
      { region: 'eu-west-1' },
      "'region' must be the region us-east-1 of the default aws provider, got 'eu-west-1': a resource in another region than its provider's needs the `region` argument of hashicorp/aws 6.0.0 or later, and this binding pins 5.100.0",
    ],
    ['keyProps: with key', { keyProps: {} }, "'keyProps' applies only when 'key' is omitted, got both"],
    ['keyProps: a string', { key: undefined, keyProps: 'new' }, "'keyProps' must be an object of AnomalyDetectorKeyProps, got string 'new'"],
    [
      'keyProps.keySpec: asymmetric',
      { key: undefined, keyProps: { keySpec: 'ECC_NIST_P256' } },
      "'keyProps.keySpec' must be 'SYMMETRIC_DEFAULT', got 'ECC_NIST_P256': CloudWatch Logs supports only symmetric KMS keys",
    ],
    [
      'keyProps.deletionWindowInDays: 45',
      { key: undefined, keyProps: { deletionWindowInDays: 45 } },
      "'keyProps.deletionWindowInDays' must be a whole number between 7 and 30, got 45",
    ],
    ['keyProps.account: a number', { key: undefined, keyProps: { account: 1 } }, "'keyProps.account' must be a string, got number 1"],
    ['keyProps.tags: an empty key', { key: undefined, keyProps: { tags: { '': 'v' } } }, "'keyProps.tags' keys must be 1 to 128 characters, got '' (0)"],

    ['detectorName: a number', { detectorName: 42 }, "'detectorName' must be a string, got number 42"],
    ['detectorName: empty', { detectorName: '' }, "'detectorName' must be at least 1 character when given, got ''"],

    ['evaluationFrequency: a number', { evaluationFrequency: 5 }, "'evaluationFrequency' must be a string, got number 5"],
    ['evaluationFrequency: empty', { evaluationFrequency: '' }, `'evaluationFrequency' must be one of ${FREQUENCIES}, got ''`],
    ['evaluationFrequency: not in the enum', { evaluationFrequency: 'TWO_MIN' }, `'evaluationFrequency' must be one of ${FREQUENCIES}, got 'TWO_MIN'`],
    ['evaluationFrequency: lower case', { evaluationFrequency: 'five_min' }, `'evaluationFrequency' must be one of ${FREQUENCIES}, got 'five_min'`],

    ['filterPattern: a number', { filterPattern: 1 }, "'filterPattern' must be a string, got number 1"],
    ['filterPattern: 1025 characters', { filterPattern: 'x'.repeat(1025) }, "'filterPattern' must be at most 1024 characters, got 1025"],

    [
      'anomalyVisibilityTime: a string',
      { anomalyVisibilityTime: '21' },
      "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got string '21'",
    ],
    ['anomalyVisibilityTime: 6', { anomalyVisibilityTime: 6 }, "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got 6"],
    ['anomalyVisibilityTime: 91', { anomalyVisibilityTime: 91 }, "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got 91"],
    ['anomalyVisibilityTime: a fraction', { anomalyVisibilityTime: 7.5 }, "'anomalyVisibilityTime' must be a whole number of days between 7 and 90, got 7.5"],

    ['enabled: a string', { enabled: 'false' }, "'enabled' must be a boolean, got string 'false'"],
    ['encryptLogGroups: a string', { encryptLogGroups: 'true' }, "'encryptLogGroups' must be a boolean, got string 'true'"],
    [
      'encryptLogGroups: with aws-owned',
      { encryptLogGroups: true, key: 'aws-owned' },
      "'encryptLogGroups' needs a customer-managed 'key' to give the log groups, got 'aws-owned'",
    ],
    [
      'encryptLogGroups: a log group ARN',
      { encryptLogGroups: true },
      `'encryptLogGroups' gives the key to log groups made in this stack; 'logGroups[0]' is string '${LOG_GROUP}': set the key where that log group is made, or leave it out of this detector`,
    ],

    ['tags: a string', { tags: 'team' }, "'tags' must be a map of strings, got string 'team'"],
    ['tags: 51 tags', { tags: manyTags(51) }, "'tags' must hold at most 50 tags, got 51"],
    ['tags: an empty key', { tags: { '': 'v' } }, "'tags' keys must be 1 to 128 characters, got '' (0)"],
    ['tags: a 129-character key', { tags: { ['k'.repeat(129)]: 'v' } }, `'tags' keys must be 1 to 128 characters, got '${'k'.repeat(129)}' (129)`],
    ['tags: a reserved key', { tags: { 'aws:owner': 'v' } }, "'tags' keys must not start with 'aws:' (reserved for AWS), got 'aws:owner'"],
    ['tags: a key outside the pattern', { tags: { 'a*b': 'v' } }, `'tags' keys must hold only ${TAG_CHARACTERS}, got 'a*b'`],
    ['tags: a numeric value', { tags: { team: 1 } }, "'tags.team' must be a string, got number 1"],
    ['tags: a 257-character value', { tags: { team: 'v'.repeat(257) } }, "'tags.team' must be at most 256 characters, got 257"],
    ['tags: a value outside the pattern', { tags: { team: 'a*b' } }, `'tags.team' must hold only ${TAG_CHARACTERS}, got 'a*b'`],
  ])('%s', (_, override, message) => {
    expect(() => makeDetector(override)).toThrow(new Error(message));
  });
});

describe('EncryptedLogAnomalyDetector accepts what CloudWatch Logs accepts', () => {
  test.each<[string, Partial<EncryptedLogAnomalyDetectorProps>]>([
    ['a long detector name: the API sets no maximum', { detectorName: 'd'.repeat(2000) }],
    ['an empty filter pattern', { filterPattern: '' }],
    ['a filter pattern of 1024 characters', { filterPattern: 'x'.repeat(1024) }],
    ['the lower visibility bound', { anomalyVisibilityTime: 7 }],
    ['the upper visibility bound', { anomalyVisibilityTime: 90 }],
    ["'aws-owned'", { key: 'aws-owned' }],
    ["a log group ARN with DescribeLogGroups' ':*'", { logGroups: [`${LOG_GROUP}:*`] }],
    ['50 tags with unicode, spaces and an empty value', { tags: { ...manyTags(47), équipe: 'données', 'a b': 'c d', empty: '' } }],
  ])('%s', (_, props) => {
    expect(makeDetector(props)).toEqual([]);
  });

  test("ARNs of any region when the provider's region is not a literal", () => {
    expect(() => makeDetector({ logGroups: [IN_EU(LOG_GROUP)], key: IN_EU(KEY_ARN) }, null)).not.toThrow();
  });

  test('unresolved values (tokens) of every prop, left to plan time', () => {
    const synthesized = synthStack((stack) => {
      const variable = (name: string, type: string) => new TerraformVariable(stack, name, { type });
      new EncryptedLogAnomalyDetector(stack, 'detector', {
        logGroups: [variable('log_group', 'string').stringValue],
        key: variable('key', 'string').stringValue,
        detectorName: variable('name', 'string').stringValue,
        evaluationFrequency: variable('frequency', 'string').stringValue as never,
        filterPattern: variable('pattern', 'string').stringValue,
        anomalyVisibilityTime: variable('days', 'number').numberValue,
        enabled: variable('enabled', 'bool').booleanValue as unknown as boolean,
        tags: Token.asStringMap(variable('tags', 'map(string)').value),
      });
    });
    expect(onlyResource(synthesized, 'aws_cloudwatch_log_anomaly_detector').anomaly_visibility_time).toBe('${var.days}');
  });
});

describe('EncryptedLogAnomalyDetector warns where AWS may accept what synth cannot check', () => {
  test("a key of another account than the log groups': its policy is not readable at synth", () => {
    const otherAccountKey = KEY_ARN.replace(ACCOUNT, '444455556666');
    expect(makeDetector({ key: otherAccountKey })).toEqual([
      `'key' belongs to account 444455556666, the detector to ${ACCOUNT}: CloudWatch Logs can use the key only if its policy ` +
        "lets CloudWatch Logs use it for detectors of the detector's account, which cannot be checked at synth",
    ]);
  });
});
