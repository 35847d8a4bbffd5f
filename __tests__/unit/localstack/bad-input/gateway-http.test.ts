import { IncomingMessage, request } from 'node:http';
import {
  CloudWatchLogsClient,
  CreateLogAnomalyDetectorCommand,
  GetLogAnomalyDetectorCommand,
  ListLogAnomalyDetectorsCommand,
  TagResourceCommand,
  UpdateLogAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { RunningGateway, startGateway } from '../../../../localstack/gateway';
import { documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { FakeBackendReader } from '../../support/fake-backend-reader';
import { FakeBackend, HOME, SIGNED, text } from '../../support/fake-backend';

// Bad input over HTTP, through the real gateway: every refusal is HTTP 400 in AWS's JSON 1.1
// error shape (x-amzn-ErrorType and __type the code, a message), never a 500 or a stack trace,
// and nothing reaches the backend. The full matrix per operation is anomaly-detector-operations.test.ts.

const EU = { ...HOME, region: 'eu-west-1' };
const UNKNOWN_DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:00000000-0000-0000-0000-000000000000';
const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/http/app';

const backend = new FakeBackend();
const reader = new FakeBackendReader();
const LOG_GROUP = reader.addLogGroup(HOME, '/http/app');
const EU_KEY = reader.addKey(EU, documentedLogsKeyPolicy(EU));
let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway({ backendEndpoint: await backend.start(), backendReader: reader });
});
afterAll(async () => {
  await gateway.close();
  await backend.stop();
});

async function post(operation: string, body: string) {
  const headers = { 'x-amz-target': `Logs_20140328.${operation}`, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED };
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    request(gateway.endpoint, { method: 'POST', headers }, resolve).on('error', reject).end(body),
  );
  return { status: res.statusCode, errorType: res.headers['x-amzn-errortype'], body: await text(res) };
}

describe('the gateway answers bad input over HTTP with AWS JSON 1.1 errors', () => {
  test.each<[string, string, string, string, string | RegExp]>([
    ['a body that is not JSON', 'ListLogAnomalyDetectors', '{nope', 'SerializationException', /^The request body is not JSON: /],
    ['a body that is null', 'GetLogAnomalyDetector', 'null', 'SerializationException', 'The request body must be a JSON object.'],
    ['a body that is a list', 'CreateLogAnomalyDetector', '[1]', 'SerializationException', 'The request body must be a JSON object.'],
    [
      'a string where an integer belongs',
      'ListLogAnomalyDetectors',
      '{"limit":"5"}',
      'SerializationException',
      `Value for 'limit' must be a 32-bit integer, got "5"`,
    ],
    [
      'a missing required member',
      'GetLogAnomalyDetector',
      '{}',
      'InvalidParameterException',
      "1 validation error detected: Value null at 'anomalyDetectorArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a value outside the enum',
      'UpdateLogAnomalyDetector',
      JSON.stringify({ anomalyDetectorArn: UNKNOWN_DETECTOR, enabled: true, evaluationFrequency: 'DAILY' }),
      'InvalidParameterException',
      "1 validation error detected: Value 'DAILY' at 'evaluationFrequency' failed to satisfy constraint: Member must satisfy enum value set: [ONE_MIN, FIVE_MIN, TEN_MIN, FIFTEEN_MIN, THIRTY_MIN, ONE_HOUR]",
    ],
    [
      'a malformed detector ARN',
      'DeleteLogAnomalyDetector',
      '{"anomalyDetectorArn":"detector-1"}',
      'InvalidParameterException',
      "Invalid value for 'anomalyDetectorArn': 'detector-1' is not an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID).",
    ],
    [
      'an unknown detector',
      'GetLogAnomalyDetector',
      JSON.stringify({ anomalyDetectorArn: UNKNOWN_DETECTOR }),
      'ResourceNotFoundException',
      `The specified anomaly detector does not exist: ${UNKNOWN_DETECTOR}`,
    ],
    [
      'a tagging request without resourceArn',
      'TagResource',
      '{"tags":{"a":"1"}}',
      'InvalidParameterException',
      "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a tagging request with a numeric resourceArn',
      'ListTagsForResource',
      '{"resourceArn":7}',
      'SerializationException',
      `Value for 'resourceArn' must be a string, got 7`,
    ],
    [
      'untagging a log group with tagKeys not a list',
      'UntagResource',
      JSON.stringify({ resourceArn: LOG_GROUP_ARN, tagKeys: 'a' }),
      'SerializationException',
      `Value for 'tagKeys' must be a list, got "a"`,
    ],
    [
      'a log group name no log group can have',
      'CreateLogAnomalyDetector',
      JSON.stringify({ logGroupArnList: [`${LOG_GROUP}+x`] }),
      'InvalidParameterException',
      `Invalid value at 'logGroupArnList.1.member': '${LOG_GROUP}+x' names no log group: a log group name is 1 to 512 of letters, digits and . - _ / #.`,
    ],
    [
      "another region's key",
      'CreateLogAnomalyDetector',
      JSON.stringify({ logGroupArnList: [LOG_GROUP], kmsKeyId: EU_KEY }),
      'InvalidParameterException',
      new RegExp(
        `^The specified KMS key does not exist or is not allowed to be used with Arn '[^']+': key ${EU_KEY} is in region eu-west-1, not in the detector's region us-east-1$`,
      ),
    ],
  ])('%s (%s)', async (_, operation, body, code, message) => {
    const forwarded = backend.seen.length;
    const answer = await post(operation, body);
    const parsed = JSON.parse(answer.body) as Record<string, unknown>;
    expect({ status: answer.status, errorType: answer.errorType, members: Object.keys(parsed) }).toEqual({
      status: 400,
      errorType: code,
      members: ['__type', 'message'],
    });
    expect(parsed).toEqual({ __type: code, message: typeof message === 'string' ? message : (expect.stringMatching(message) as string) });
    expect(answer.body).not.toMatch(/\n\s+at /);
    expect(backend.seen.length).toBe(forwarded);
  });
});

describe('the AWS SDK sees the code as name, the message, and HTTP 400', () => {
  const logs = () =>
    new CloudWatchLogsClient({ endpoint: gateway.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'x' }, maxAttempts: 1 });

  test.each<[string, (client: CloudWatchLogsClient) => Promise<unknown>, string, string]>([
    [
      'anomalyVisibilityTime above 90',
      (client) => client.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [LOG_GROUP], anomalyVisibilityTime: 91 })),
      'InvalidParameterException',
      "1 validation error detected: Value '91' at 'anomalyVisibilityTime' failed to satisfy constraint: Member must have value less than or equal to 90",
    ],
    [
      'an empty detectorName',
      (client) => client.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [LOG_GROUP], detectorName: '' })),
      'InvalidParameterException',
      "1 validation error detected: Value '' at 'detectorName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a limit of 0',
      (client) => client.send(new ListLogAnomalyDetectorsCommand({ limit: 0 })),
      'InvalidParameterException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'a malformed detector ARN',
      (client) => client.send(new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: 'detector-1', enabled: false })),
      'InvalidParameterException',
      "Invalid value for 'anomalyDetectorArn': 'detector-1' is not an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID).",
    ],
    [
      'an unknown detector',
      (client) => client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: UNKNOWN_DETECTOR })),
      'ResourceNotFoundException',
      `The specified anomaly detector does not exist: ${UNKNOWN_DETECTOR}`,
    ],
    [
      'an empty tag map on a detector',
      (client) => client.send(new TagResourceCommand({ resourceArn: UNKNOWN_DETECTOR, tags: {} })),
      'InvalidParameterException',
      "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
  ])('%s', async (_, send, name, message) => {
    const error = await send(logs()).catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(error).toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
  });
});
