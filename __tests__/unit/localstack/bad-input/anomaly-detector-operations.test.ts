import { Caller, CreationChecks } from '../../../../localstack/anomaly-detector/creation-checks';
import { LogsServiceError } from '../../../../localstack/anomaly-detector/errors';
import { EVALUATION_FREQUENCIES, REQUEST_SHAPES } from '../../../../localstack/anomaly-detector/model';
import { AnomalyDetectorOperations } from '../../../../localstack/anomaly-detector/operations';
import { DetectorStore, Scope } from '../../../../localstack/anomaly-detector/store';
import { accountRootOnlyKeyPolicy, documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { FakeBackendReader } from '../../support/fake-backend-reader';

// Every operation the gateway answers against each bad-input class that applies to its
// members: the wrong JSON type, missing, empty, too long, out of range or enum, a malformed or
// unknown ARN, an ARN of another region or account. Each gives the AWS error code and a message
// naming the member and the rule, as CloudWatch Logs words them.

const HOME: Scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const EU: Scope = { ...HOME, region: 'eu-west-1' };
const OTHER_ACCOUNT: Scope = { ...HOME, account: '210987654321' };
const CALLER: Caller = { scope: HOME, accessKeyId: 'test' };

/** A store whose detector ARNs are predictable: ...:anomaly-detector:00000000-0000-0000-0000-00000000000N. */
class NumberedStore extends DetectorStore {
  private count = 0;
  newArn(scope: Scope): string {
    return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:anomaly-detector:00000000-0000-0000-0000-${String(++this.count).padStart(12, '0')}`;
  }
}

const backend = new FakeBackendReader();
const operations = new AnomalyDetectorOperations(new NumberedStore(), new CreationChecks(backend));
const LOG_GROUP = backend.addLogGroup(HOME, '/app');
const EU_LOG_GROUP = backend.addLogGroup(EU, '/app');
const OTHER_ACCOUNT_LOG_GROUP = backend.addLogGroup(OTHER_ACCOUNT, '/app');
const KEY = backend.addKey(HOME, documentedLogsKeyPolicy(HOME));
const EU_KEY = backend.addKey(EU, documentedLogsKeyPolicy(EU));
const OTHER_ACCOUNT_KEY = backend.addKey(OTHER_ACCOUNT, documentedLogsKeyPolicy(OTHER_ACCOUNT));
const DISABLED_KEY = backend.addKey(HOME, documentedLogsKeyPolicy(HOME), { KeyState: 'Disabled' });
const NO_LOGS_KEY = backend.addKey(HOME, accountRootOnlyKeyPolicy(HOME));
const MISSING_KEY = 'arn:aws:kms:us-east-1:123456789012:key/99999999-aaaa-bbbb-cccc-dddddddddddd';
/** The detector every row may name; created before the rows run. */
const DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:00000000-0000-0000-0000-000000000001';
const UNKNOWN_DETECTOR = DETECTOR.replace(/1$/, '9');
const EU_DETECTOR = DETECTOR.replace('us-east-1', 'eu-west-1');
const OTHER_ACCOUNT_DETECTOR = DETECTOR.replace(HOME.account, OTHER_ACCOUNT.account);

/** AWS's text for one broken constraint. */
const invalid = (value: string, member: string, constraint: string) =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`;
const missing = (member: string) => `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`;
const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;
const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
const minValue = (n: number) => `Member must have value greater than or equal to ${n}`;
const maxValue = (n: number) => `Member must have value less than or equal to ${n}`;
const ENUM = `Member must satisfy enum value set: [${EVALUATION_FREQUENCIES.join(', ')}]`;
const ARN_PATTERN = 'Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*';
const KEY_PATTERN = 'Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:kms:[-a-z0-9]*:[0-9]*:key/[-a-z0-9]*$';
const TAG_KEY_PATTERN = 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$';
const wrongType = (member: string, expected: string, value: unknown) => `Value for '${member}' must be ${expected}, got ${JSON.stringify(value)}`;
const notADetector = (arn: string) =>
  `Invalid value for 'anomalyDetectorArn': '${arn}' is not an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID).`;
const noDetector = (arn: string) => `The specified anomaly detector does not exist: ${arn}`;
/** The key refusal opens with AWS's sentence for the new detector's ARN, then says which check failed. */
const unusableKey = (key: string, why: string) =>
  new RegExp(
    `^The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:[0-9-]+': key ${escape(key)} ${escape(why)}$`,
  );
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const create = (members: object) => ({ logGroupArnList: [LOG_GROUP], ...members });

type Operation = Parameters<AnomalyDetectorOperations['call']>[0];
type Row = [string, Operation, unknown, string, string | RegExp];

const rows: Row[] = [
  // The body as a whole
  ['a body that is a list', 'ListLogAnomalyDetectors', [], 'SerializationException', 'The request body must be a JSON object.'],
  ['a body that is null', 'GetLogAnomalyDetector', null, 'SerializationException', 'The request body must be a JSON object.'],
  ['a body that is a string', 'CreateLogAnomalyDetector', 'x', 'SerializationException', 'The request body must be a JSON object.'],

  // CreateLogAnomalyDetector
  ['logGroupArnList missing', 'CreateLogAnomalyDetector', {}, 'InvalidParameterException', missing('logGroupArnList')],
  [
    'logGroupArnList a string',
    'CreateLogAnomalyDetector',
    { logGroupArnList: LOG_GROUP },
    'SerializationException',
    wrongType('logGroupArnList', 'a list', LOG_GROUP),
  ],
  [
    'logGroupArnList holding a number',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [42] },
    'SerializationException',
    wrongType('logGroupArnList.1.member', 'a string', 42),
  ],
  [
    'logGroupArnList empty',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [] },
    'InvalidParameterException',
    'logGroupArnList must contain the ARN of a log group.',
  ],
  [
    'logGroupArnList holding an empty ARN',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [''] },
    'InvalidParameterException',
    invalid('[]', 'logGroupArnList', `Member must satisfy constraint: [${minLength(1)}]`),
  ],
  [
    'logGroupArnList holding a 2049-character ARN',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [`${LOG_GROUP}${'a'.repeat(2049 - LOG_GROUP.length)}`] },
    'InvalidParameterException',
    invalid(`[${LOG_GROUP}${'a'.repeat(2049 - LOG_GROUP.length)}]`, 'logGroupArnList', `Member must satisfy constraint: [${maxLength(2048)}]`),
  ],
  [
    'logGroupArnList holding a space',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [`${LOG_GROUP} x`] },
    'InvalidParameterException',
    invalid(`[${LOG_GROUP} x]`, 'logGroupArnList', `Member must satisfy constraint: [${ARN_PATTERN}]`),
  ],
  [
    'logGroupArnList holding another ARN',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [LOG_GROUP, DETECTOR] },
    'InvalidParameterException',
    `Invalid value at 'logGroupArnList.2.member': '${DETECTOR}' is not a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME).`,
  ],
  [
    'logGroupArnList holding a name outside LogGroupName',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [`${LOG_GROUP}+x`] },
    'InvalidParameterException',
    `Invalid value at 'logGroupArnList.1.member': '${LOG_GROUP}+x' names no log group: a log group name is 1 to 512 of letters, digits and . - _ / #.`,
  ],
  [
    'logGroupArnList holding a name of 513 characters',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [`${LOG_GROUP}${'a'.repeat(509)}`] },
    'InvalidParameterException',
    `Invalid value at 'logGroupArnList.1.member': '${LOG_GROUP}${'a'.repeat(509)}' names no log group: a log group name is 1 to 512 of letters, digits and . - _ / #.`,
  ],
  [
    'logGroupArnList holding an unknown log group',
    'CreateLogAnomalyDetector',
    { logGroupArnList: [`${LOG_GROUP}/gone`] },
    'ResourceNotFoundException',
    `The specified log group does not exist: ${LOG_GROUP}/gone`,
  ],
  [
    "logGroupArnList holding another region's log group",
    'CreateLogAnomalyDetector',
    { logGroupArnList: [EU_LOG_GROUP] },
    'ResourceNotFoundException',
    `The specified log group does not exist: ${EU_LOG_GROUP}`,
  ],
  [
    "logGroupArnList holding another account's log group",
    'CreateLogAnomalyDetector',
    { logGroupArnList: [OTHER_ACCOUNT_LOG_GROUP] },
    'ResourceNotFoundException',
    `The specified log group does not exist: ${OTHER_ACCOUNT_LOG_GROUP}`,
  ],
  ['detectorName a number', 'CreateLogAnomalyDetector', create({ detectorName: 42 }), 'SerializationException', wrongType('detectorName', 'a string', 42)],
  ['detectorName empty', 'CreateLogAnomalyDetector', create({ detectorName: '' }), 'InvalidParameterException', invalid('', 'detectorName', minLength(1))],
  [
    'evaluationFrequency a number',
    'CreateLogAnomalyDetector',
    create({ evaluationFrequency: 5 }),
    'SerializationException',
    wrongType('evaluationFrequency', 'a string', 5),
  ],
  [
    'evaluationFrequency empty',
    'CreateLogAnomalyDetector',
    create({ evaluationFrequency: '' }),
    'InvalidParameterException',
    invalid('', 'evaluationFrequency', ENUM),
  ],
  [
    'evaluationFrequency not in the enum',
    'CreateLogAnomalyDetector',
    create({ evaluationFrequency: 'five_min' }),
    'InvalidParameterException',
    invalid('five_min', 'evaluationFrequency', ENUM),
  ],
  [
    'filterPattern a boolean',
    'CreateLogAnomalyDetector',
    create({ filterPattern: true }),
    'SerializationException',
    wrongType('filterPattern', 'a string', true),
  ],
  [
    'filterPattern of 1025 characters',
    'CreateLogAnomalyDetector',
    create({ filterPattern: 'x'.repeat(1025) }),
    'InvalidParameterException',
    invalid('x'.repeat(1025), 'filterPattern', maxLength(1024)),
  ],
  ['kmsKeyId a number', 'CreateLogAnomalyDetector', create({ kmsKeyId: 42 }), 'SerializationException', wrongType('kmsKeyId', 'a string', 42)],
  ['kmsKeyId empty', 'CreateLogAnomalyDetector', create({ kmsKeyId: '' }), 'InvalidParameterException', invalid('', 'kmsKeyId', KEY_PATTERN)],
  [
    'kmsKeyId an alias',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: 'alias/logs' }),
    'InvalidParameterException',
    invalid('alias/logs', 'kmsKeyId', KEY_PATTERN),
  ],
  [
    'kmsKeyId of 257 characters',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: `${KEY}${'a'.repeat(257 - KEY.length)}` }),
    'InvalidParameterException',
    invalid(`${KEY}${'a'.repeat(257 - KEY.length)}`, 'kmsKeyId', maxLength(256)),
  ],
  [
    'kmsKeyId without region or account',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: 'arn:aws:kms:::key/x' }),
    'InvalidParameterException',
    unusableKey('arn:aws:kms:::key/x', 'is not a key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID)'),
  ],
  [
    'kmsKeyId of an unknown key',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: MISSING_KEY }),
    'InvalidParameterException',
    unusableKey(MISSING_KEY, 'does not exist'),
  ],
  [
    "kmsKeyId of another region's key",
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: EU_KEY }),
    'InvalidParameterException',
    unusableKey(EU_KEY, "is in region eu-west-1, not in the detector's region us-east-1"),
  ],
  [
    "kmsKeyId of another account's key whose policy serves only that account's detectors",
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: OTHER_ACCOUNT_KEY }),
    'InvalidParameterException',
    /: key arn:aws:kms:us-east-1:210987654321:key\/\S+ has a key policy that does not let logs\.us-east-1\.amazonaws\.com call kms:GenerateDataKey with kms:EncryptionContext:aws:logs:arn = arn:aws:logs:us-east-1:123456789012:anomaly-detector:[0-9-]+: no statement allows it$/,
  ],
  [
    'kmsKeyId of a disabled key',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: DISABLED_KEY }),
    'InvalidParameterException',
    unusableKey(DISABLED_KEY, 'is disabled (KeyState Disabled); it must be Enabled'),
  ],
  [
    'kmsKeyId of a key CloudWatch Logs may not use',
    'CreateLogAnomalyDetector',
    create({ kmsKeyId: NO_LOGS_KEY }),
    'InvalidParameterException',
    /: key arn:aws:kms:us-east-1:123456789012:key\/\S+ has a key policy that does not let logs\.us-east-1\.amazonaws\.com call kms:GenerateDataKey .*: no statement allows it$/,
  ],
  [
    'anomalyVisibilityTime a string',
    'CreateLogAnomalyDetector',
    create({ anomalyVisibilityTime: '21' }),
    'SerializationException',
    wrongType('anomalyVisibilityTime', 'a 64-bit integer', '21'),
  ],
  [
    'anomalyVisibilityTime a fraction',
    'CreateLogAnomalyDetector',
    create({ anomalyVisibilityTime: 7.5 }),
    'SerializationException',
    wrongType('anomalyVisibilityTime', 'a 64-bit integer', 7.5),
  ],
  [
    'anomalyVisibilityTime beyond a long',
    'CreateLogAnomalyDetector',
    create({ anomalyVisibilityTime: 1e300 }),
    'SerializationException',
    wrongType('anomalyVisibilityTime', 'a 64-bit integer', 1e300),
  ],
  [
    'anomalyVisibilityTime 6',
    'CreateLogAnomalyDetector',
    create({ anomalyVisibilityTime: 6 }),
    'InvalidParameterException',
    invalid('6', 'anomalyVisibilityTime', minValue(7)),
  ],
  [
    'anomalyVisibilityTime 91',
    'CreateLogAnomalyDetector',
    create({ anomalyVisibilityTime: 91 }),
    'InvalidParameterException',
    invalid('91', 'anomalyVisibilityTime', maxValue(90)),
  ],
  ['tags a list', 'CreateLogAnomalyDetector', create({ tags: ['a'] }), 'SerializationException', wrongType('tags', 'a map', ['a'])],
  ['tags with a numeric value', 'CreateLogAnomalyDetector', create({ tags: { a: 1 } }), 'SerializationException', wrongType('tags', 'a string', 1)],
  ['tags empty', 'CreateLogAnomalyDetector', create({ tags: {} }), 'InvalidParameterException', invalid('{}', 'tags', minLength(1))],
  [
    '51 tags',
    'CreateLogAnomalyDetector',
    create({ tags: manyTags(51) }),
    'InvalidParameterException',
    /^1 validation error detected: Value '\{k0=v, .*, k50=v\}' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/,
  ],
  [
    'a tag key of 129 characters',
    'CreateLogAnomalyDetector',
    create({ tags: { ['k'.repeat(129)]: 'v' } }),
    'InvalidParameterException',
    invalid(`{${'k'.repeat(129)}=v}`, 'tags', `Map keys must satisfy constraint: [${maxLength(128)}]`),
  ],
  [
    'a tag key outside the pattern',
    'CreateLogAnomalyDetector',
    create({ tags: { 'a*b': 'v' } }),
    'InvalidParameterException',
    invalid('{a*b=v}', 'tags', `Map keys must satisfy constraint: [${TAG_KEY_PATTERN}]`),
  ],
  [
    'a tag value of 257 characters',
    'CreateLogAnomalyDetector',
    create({ tags: { k: 'v'.repeat(257) } }),
    'InvalidParameterException',
    invalid(`{k=${'v'.repeat(257)}}`, 'tags', `Map value must satisfy constraint: [${maxLength(256)}]`),
  ],

  // GetLogAnomalyDetector, DeleteLogAnomalyDetector: one required ARN
  ...(['GetLogAnomalyDetector', 'DeleteLogAnomalyDetector'] as const).flatMap((op): Row[] => [
    ['anomalyDetectorArn missing', op, {}, 'InvalidParameterException', missing('anomalyDetectorArn')],
    ['anomalyDetectorArn a number', op, { anomalyDetectorArn: 1 }, 'SerializationException', wrongType('anomalyDetectorArn', 'a string', 1)],
    ['anomalyDetectorArn empty', op, { anomalyDetectorArn: '' }, 'InvalidParameterException', invalid('', 'anomalyDetectorArn', minLength(1))],
    [
      'anomalyDetectorArn with a space',
      op,
      { anomalyDetectorArn: `${DETECTOR} x` },
      'InvalidParameterException',
      invalid(`${DETECTOR} x`, 'anomalyDetectorArn', ARN_PATTERN),
    ],
    ['anomalyDetectorArn not an ARN', op, { anomalyDetectorArn: 'detector-1' }, 'InvalidParameterException', notADetector('detector-1')],
    ['anomalyDetectorArn of a log group', op, { anomalyDetectorArn: LOG_GROUP }, 'InvalidParameterException', notADetector(LOG_GROUP)],
    ['anomalyDetectorArn unknown', op, { anomalyDetectorArn: UNKNOWN_DETECTOR }, 'ResourceNotFoundException', noDetector(UNKNOWN_DETECTOR)],
    ['anomalyDetectorArn of another region', op, { anomalyDetectorArn: EU_DETECTOR }, 'ResourceNotFoundException', noDetector(EU_DETECTOR)],
    [
      'anomalyDetectorArn of another account',
      op,
      { anomalyDetectorArn: OTHER_ACCOUNT_DETECTOR },
      'ResourceNotFoundException',
      noDetector(OTHER_ACCOUNT_DETECTOR),
    ],
  ]),

  // ListLogAnomalyDetectors
  ['limit a string', 'ListLogAnomalyDetectors', { limit: '5' }, 'SerializationException', wrongType('limit', 'a 32-bit integer', '5')],
  ['limit beyond an int', 'ListLogAnomalyDetectors', { limit: 2 ** 31 }, 'SerializationException', wrongType('limit', 'a 32-bit integer', 2 ** 31)],
  ['limit 0', 'ListLogAnomalyDetectors', { limit: 0 }, 'InvalidParameterException', invalid('0', 'limit', minValue(1))],
  ['limit 51', 'ListLogAnomalyDetectors', { limit: 51 }, 'InvalidParameterException', invalid('51', 'limit', maxValue(50))],
  ['nextToken empty', 'ListLogAnomalyDetectors', { nextToken: '' }, 'InvalidParameterException', invalid('', 'nextToken', minLength(1))],
  ['nextToken not issued here', 'ListLogAnomalyDetectors', { nextToken: 'bogus' }, 'InvalidParameterException', 'The specified nextToken is not valid: bogus'],
  [
    'filterLogGroupArn a list',
    'ListLogAnomalyDetectors',
    { filterLogGroupArn: [LOG_GROUP] },
    'SerializationException',
    wrongType('filterLogGroupArn', 'a string', [LOG_GROUP]),
  ],
  [
    'filterLogGroupArn empty',
    'ListLogAnomalyDetectors',
    { filterLogGroupArn: '' },
    'InvalidParameterException',
    invalid('', 'filterLogGroupArn', minLength(1)),
  ],

  // UpdateLogAnomalyDetector
  [
    'anomalyDetectorArn and enabled missing',
    'UpdateLogAnomalyDetector',
    {},
    'InvalidParameterException',
    "2 validation errors detected: Value null at 'anomalyDetectorArn' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'enabled' failed to satisfy constraint: Member must not be null",
  ],
  [
    'enabled a string',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: DETECTOR, enabled: 'false' },
    'SerializationException',
    wrongType('enabled', 'a boolean', 'false'),
  ],
  [
    'evaluationFrequency not in the enum',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: DETECTOR, enabled: true, evaluationFrequency: 'TWO_MIN' },
    'InvalidParameterException',
    invalid('TWO_MIN', 'evaluationFrequency', ENUM),
  ],
  [
    'filterPattern of 1025 characters',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: DETECTOR, enabled: true, filterPattern: 'x'.repeat(1025) },
    'InvalidParameterException',
    invalid('x'.repeat(1025), 'filterPattern', maxLength(1024)),
  ],
  [
    'anomalyVisibilityTime 91',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: DETECTOR, enabled: true, anomalyVisibilityTime: 91 },
    'InvalidParameterException',
    invalid('91', 'anomalyVisibilityTime', maxValue(90)),
  ],
  [
    'anomalyDetectorArn not an ARN',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: 'detector-1', enabled: true },
    'InvalidParameterException',
    notADetector('detector-1'),
  ],
  [
    'anomalyDetectorArn of another region',
    'UpdateLogAnomalyDetector',
    { anomalyDetectorArn: EU_DETECTOR, enabled: true },
    'ResourceNotFoundException',
    noDetector(EU_DETECTOR),
  ],

  // ListAnomalies
  [
    'suppressionState not in the enum',
    'ListAnomalies',
    { suppressionState: 'HIDDEN' },
    'InvalidParameterException',
    invalid('HIDDEN', 'suppressionState', 'Member must satisfy enum value set: [SUPPRESSED, UNSUPPRESSED]'),
  ],
  ['limit 0', 'ListAnomalies', { limit: 0 }, 'InvalidParameterException', invalid('0', 'limit', minValue(1))],
  ['nextToken not issued here', 'ListAnomalies', { nextToken: 'bogus' }, 'InvalidParameterException', 'The specified nextToken is not valid: bogus'],
  ['anomalyDetectorArn not an ARN', 'ListAnomalies', { anomalyDetectorArn: 'detector-1' }, 'InvalidParameterException', notADetector('detector-1')],
  [
    'anomalyDetectorArn of another account',
    'ListAnomalies',
    { anomalyDetectorArn: OTHER_ACCOUNT_DETECTOR },
    'ResourceNotFoundException',
    noDetector(OTHER_ACCOUNT_DETECTOR),
  ],

  // UpdateAnomaly
  ['anomalyDetectorArn missing', 'UpdateAnomaly', { anomalyId: 'a'.repeat(36) }, 'InvalidParameterException', missing('anomalyDetectorArn')],
  [
    'anomalyId of 35 characters',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, anomalyId: 'a'.repeat(35) },
    'InvalidParameterException',
    invalid('a'.repeat(35), 'anomalyId', minLength(36)),
  ],
  [
    'patternId of 33 characters',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, patternId: 'p'.repeat(33) },
    'InvalidParameterException',
    invalid('p'.repeat(33), 'patternId', maxLength(32)),
  ],
  [
    'suppressionType not in the enum',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, suppressionType: 'FOREVER' },
    'InvalidParameterException',
    invalid('FOREVER', 'suppressionType', 'Member must satisfy enum value set: [LIMITED, INFINITE]'),
  ],
  [
    'suppressionPeriod a number',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, suppressionPeriod: 5 },
    'SerializationException',
    wrongType('suppressionPeriod', 'a structure', 5),
  ],
  [
    'suppressionPeriod.value a string',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, suppressionPeriod: { value: '1' } },
    'SerializationException',
    wrongType('suppressionPeriod.value', 'a 32-bit integer', '1'),
  ],
  [
    'baseline a string',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR, baseline: 'yes' },
    'SerializationException',
    wrongType('baseline', 'a boolean', 'yes'),
  ],
  [
    'neither anomalyId nor patternId',
    'UpdateAnomaly',
    { anomalyDetectorArn: DETECTOR },
    'InvalidParameterException',
    'Either anomalyId or patternId must be specified.',
  ],
  [
    'anomalyDetectorArn unknown',
    'UpdateAnomaly',
    { anomalyDetectorArn: UNKNOWN_DETECTOR, anomalyId: 'a'.repeat(36) },
    'ResourceNotFoundException',
    noDetector(UNKNOWN_DETECTOR),
  ],

  // TagResource, UntagResource, ListTagsForResource
  ['resourceArn missing', 'TagResource', { tags: { a: '1' } }, 'InvalidParameterException', missing('resourceArn')],
  ['resourceArn a number', 'ListTagsForResource', { resourceArn: 7 }, 'SerializationException', wrongType('resourceArn', 'a string', 7)],
  [
    'resourceArn of 1012 characters',
    'ListTagsForResource',
    { resourceArn: `${DETECTOR}${'0'.repeat(1012 - DETECTOR.length)}` },
    'InvalidParameterException',
    invalid(`${DETECTOR}${'0'.repeat(1012 - DETECTOR.length)}`, 'resourceArn', maxLength(1011)),
  ],
  ['tags missing', 'TagResource', { resourceArn: DETECTOR }, 'InvalidParameterException', missing('tags')],
  ['tags empty', 'TagResource', { resourceArn: DETECTOR, tags: {} }, 'InvalidParameterException', invalid('{}', 'tags', minLength(1))],
  ['a 51st tag', 'TagResource', { resourceArn: DETECTOR, tags: manyTags(50) }, 'TooManyTagsException', 'A resource can have no more than 50 tags.'],
  [
    'tags of an unknown detector',
    'TagResource',
    { resourceArn: UNKNOWN_DETECTOR, tags: { a: '1' } },
    'ResourceNotFoundException',
    noDetector(UNKNOWN_DETECTOR),
  ],
  ['tagKeys missing', 'UntagResource', { resourceArn: DETECTOR }, 'InvalidParameterException', missing('tagKeys')],
  ['tagKeys a string', 'UntagResource', { resourceArn: DETECTOR, tagKeys: 'a' }, 'SerializationException', wrongType('tagKeys', 'a list', 'a')],
  [
    'tagKeys holding an empty key',
    'UntagResource',
    { resourceArn: DETECTOR, tagKeys: [''] },
    'InvalidParameterException',
    invalid('[]', 'tagKeys', `Member must satisfy constraint: [${minLength(1)}, ${TAG_KEY_PATTERN}]`),
  ],
  [
    '51 tagKeys',
    'UntagResource',
    { resourceArn: DETECTOR, tagKeys: Object.keys(manyTags(51)) },
    'InvalidParameterException',
    /^1 validation error detected: Value '\[k0, .*, k50\]' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50$/,
  ],
  ["the tags of another region's detector", 'ListTagsForResource', { resourceArn: EU_DETECTOR }, 'ResourceNotFoundException', noDetector(EU_DETECTOR)],
];

describe('anomaly-detector operations refuse bad input with the AWS error code and a message naming member and rule', () => {
  beforeAll(async () => {
    await operations.call('CreateLogAnomalyDetector', { logGroupArnList: [LOG_GROUP], kmsKeyId: KEY, tags: { t: '1' } }, CALLER);
  });

  test.each(rows)('%s (%s)', async (_, operation, body, code, message) => {
    const error = await operations.call(operation, body, CALLER).then(
      () => new Error('expected the request to be refused'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LogsServiceError);
    const { statusCode, body: rendered } = (error as LogsServiceError).toResponse();
    expect(statusCode).toBe(400);
    const { __type, message: text } = JSON.parse(rendered) as { __type: string; message: string };
    expect({ __type, message: text }).toEqual({ __type: code, message: typeof message === 'string' ? message : (expect.stringMatching(message) as string) });
  });

  test('every answered operation has rows', () => {
    const covered = new Set(rows.map(([, operation]) => operation));
    expect([...covered].sort()).toEqual(Object.keys(REQUEST_SHAPES).sort());
  });
});
