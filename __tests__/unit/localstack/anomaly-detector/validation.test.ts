import { InvalidParameterException, SerializationException } from '../../../../localstack/anomaly-detector/errors';
import { REQUEST_SHAPES } from '../../../../localstack/anomaly-detector/model';
import { validateRequest } from '../../../../localstack/anomaly-detector/validation';

const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/app';
const DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterException);
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('validateRequest', () => {
  test('accepts a full, valid CreateLogAnomalyDetector request and returns it', () => {
    const body = {
      logGroupArnList: [LOG_GROUP],
      detectorName: 'd',
      evaluationFrequency: 'FIVE_MIN',
      filterPattern: '',
      kmsKeyId: KEY,
      anomalyVisibilityTime: 7,
      tags: { 'team:name': 'a b', empty: '' },
    };
    expect(validateRequest(body, REQUEST_SHAPES.CreateLogAnomalyDetector)).toBe(body);
  });

  test('ignores members the model does not have, as AWS does', () => {
    const body = { anomalyDetectorArn: DETECTOR, enabled: true, kmsKeyId: 'anything' };
    expect(validateRequest(body, REQUEST_SHAPES.UpdateLogAnomalyDetector)).toBe(body);
  });

  test.each<[string, keyof typeof REQUEST_SHAPES, object, string]>([
    [
      'a missing required member',
      'GetLogAnomalyDetector',
      {},
      "1 validation error detected: Value null at 'anomalyDetectorArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'an unknown evaluationFrequency',
      'UpdateLogAnomalyDetector',
      { anomalyDetectorArn: DETECTOR, enabled: true, evaluationFrequency: 'TWO_MIN' },
      "1 validation error detected: Value 'TWO_MIN' at 'evaluationFrequency' failed to satisfy constraint: Member must satisfy enum value set: [ONE_MIN, FIVE_MIN, TEN_MIN, FIFTEEN_MIN, THIRTY_MIN, ONE_HOUR]",
    ],
    [
      'anomalyVisibilityTime below 7',
      'CreateLogAnomalyDetector',
      { logGroupArnList: [LOG_GROUP], anomalyVisibilityTime: 6 },
      "1 validation error detected: Value '6' at 'anomalyVisibilityTime' failed to satisfy constraint: Member must have value greater than or equal to 7",
    ],
    [
      'a limit above 50',
      'ListLogAnomalyDetectors',
      { limit: 51 },
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    ],
    [
      'a kmsKeyId that is not a key ARN',
      'CreateLogAnomalyDetector',
      { logGroupArnList: [LOG_GROUP], kmsKeyId: 'alias/logs' },
      "1 validation error detected: Value 'alias/logs' at 'kmsKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:kms:[-a-z0-9]*:[0-9]*:key/[-a-z0-9]*$",
    ],
    [
      'a filterPattern over 1024 characters',
      'CreateLogAnomalyDetector',
      { logGroupArnList: [LOG_GROUP], filterPattern: 'x'.repeat(1025) },
      `1 validation error detected: Value '${'x'.repeat(1025)}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    ],
    [
      'an empty detectorName',
      'CreateLogAnomalyDetector',
      { logGroupArnList: [LOG_GROUP], detectorName: '' },
      "1 validation error detected: Value '' at 'detectorName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a log group ARN with a space',
      'CreateLogAnomalyDetector',
      { logGroupArnList: [`${LOG_GROUP} x`] },
      `1 validation error detected: Value '[${LOG_GROUP} x]' at 'logGroupArnList' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*]`,
    ],
    [
      'a tag key with a character outside the pattern',
      'TagResource',
      { resourceArn: DETECTOR, tags: { 'a*b': 'v' } },
      "1 validation error detected: Value '{a*b=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]",
    ],
    [
      'an empty tag map',
      'TagResource',
      { resourceArn: DETECTOR, tags: {} },
      "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a nested member of UpdateAnomaly',
      'UpdateAnomaly',
      { anomalyDetectorArn: DETECTOR, suppressionPeriod: { value: 1, suppressionUnit: 'DAYS' } },
      "1 validation error detected: Value 'DAYS' at 'suppressionPeriod.suppressionUnit' failed to satisfy constraint: Member must satisfy enum value set: [SECONDS, MINUTES, HOURS]",
    ],
  ])('rejects %s with the message AWS gives', (_, operation, body, message) => {
    expect(messageOf(() => validateRequest(body, REQUEST_SHAPES[operation]))).toBe(message);
  });

  test('reports every broken constraint, counted, in member order', () => {
    expect(
      messageOf(() => validateRequest({ enabled: true, anomalyVisibilityTime: 91, evaluationFrequency: 'x' }, REQUEST_SHAPES.UpdateLogAnomalyDetector)),
    ).toBe(
      '3 validation errors detected: ' +
        "Value null at 'anomalyDetectorArn' failed to satisfy constraint: Member must not be null; " +
        "Value 'x' at 'evaluationFrequency' failed to satisfy constraint: Member must satisfy enum value set: [ONE_MIN, FIVE_MIN, TEN_MIN, FIFTEEN_MIN, THIRTY_MIN, ONE_HOUR]; " +
        "Value '91' at 'anomalyVisibilityTime' failed to satisfy constraint: Member must have value less than or equal to 90",
    );
  });

  test('checks tag values by the model too: unicode letters pass, a length over 256 does not', () => {
    expect(() => validateRequest({ resourceArn: DETECTOR, tags: { équipe: 'données' } }, REQUEST_SHAPES.TagResource)).not.toThrow();
    expect(messageOf(() => validateRequest({ resourceArn: DETECTOR, tags: { k: 'v'.repeat(257) } }, REQUEST_SHAPES.TagResource))).toMatch(
      /at 'tags' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 256\]$/,
    );
  });

  test.each<[string, unknown, keyof typeof REQUEST_SHAPES]>([
    ['a body that is not an object', [], 'ListLogAnomalyDetectors'],
    ['a string where a number belongs', { limit: '5' }, 'ListLogAnomalyDetectors'],
    ['a fraction where an integer belongs', { logGroupArnList: [LOG_GROUP], anomalyVisibilityTime: 7.5 }, 'CreateLogAnomalyDetector'],
    ['a string where a boolean belongs', { anomalyDetectorArn: DETECTOR, enabled: 'true' }, 'UpdateLogAnomalyDetector'],
    ['a string where a list belongs', { logGroupArnList: LOG_GROUP }, 'CreateLogAnomalyDetector'],
  ])('answers %s with a SerializationException, as the JSON protocol does', (_, body, operation) => {
    expect(() => validateRequest(body, REQUEST_SHAPES[operation])).toThrow(SerializationException);
  });
});
