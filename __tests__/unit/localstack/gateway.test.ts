import { once } from 'node:events';
import { IncomingMessage, request } from 'node:http';
import {
  CloudWatchLogsClient,
  CreateLogAnomalyDetectorCommand,
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startGateway, RunningGateway } from '../../../localstack/gateway';
import { documentedLogsKeyPolicy } from '../../support/logs-key-policy';
import { FakeBackendReader } from '../support/fake-backend-reader';
import { FakeBackend, HOME, SIGNED, text } from '../support/fake-backend';

describe('gateway', () => {
  const backend = new FakeBackend();
  const reader = new FakeBackendReader();
  let gateway: RunningGateway;
  const logs = (accessKeyId = 'test') =>
    new CloudWatchLogsClient({ endpoint: gateway.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });

  beforeAll(async () => {
    gateway = await startGateway({ backendEndpoint: await backend.start(), backendReader: reader });
  });
  afterAll(async () => {
    await gateway.close();
    await backend.stop();
  });

  test('listens on a free loopback port', () => {
    expect(gateway.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('forwards other requests byte for byte: method, path, raw headers in order, body', async () => {
    const body = JSON.stringify({ logGroupNamePrefix: '/x' });
    const url = new URL('/some/path?q=1', gateway.endpoint);
    const rawHeaders = [
      'HOST',
      url.host,
      'X-Amz-Target',
      'Logs_20140328.DescribeLogGroups',
      'X-Custom-Case',
      'One',
      'x-custom-case',
      'Two',
      'Content-Length',
      String(body.length),
      'Connection',
      'keep-alive',
    ];
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: rawHeaders, setHost: false }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end(body);
    });
    expect(backend.seen.at(-1)).toEqual({ method: 'PUT', url: '/some/path?q=1', rawHeaders, body });
  });

  test("streams the backend's answer back unchanged: status line, raw headers, body, chunk by chunk", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    backend.respond = (_req, res) => {
      res.writeHead(418, 'Short And Stout', ['X-Backend-Case', 'Kept', 'Content-Type', 'text/plain', 'Date', 'Thu, 01 Jan 2026 00:00:00 GMT']);
      res.write('first;');
      void released.then(() => res.end('second'));
    };
    const res = await new Promise<IncomingMessage>((resolve) => request(gateway.endpoint, { method: 'POST' }, resolve).end());
    // The first chunk arrives while the backend still holds the second: nothing is buffered.
    const [first] = (await once(res, 'data')) as [Buffer];
    release();
    const rest = await text(res);
    backend.respond = (_req, r) => r.end('{}');

    expect({ status: res.statusCode, message: res.statusMessage, body: first.toString() + rest }).toEqual({
      status: 418,
      message: 'Short And Stout',
      body: 'first;second',
    });
    expect(res.rawHeaders.slice(0, 6)).toEqual(['X-Backend-Case', 'Kept', 'Content-Type', 'text/plain', 'Date', 'Thu, 01 Jan 2026 00:00:00 GMT']);
    expect(res.rawHeaders.filter((h) => h.toLowerCase() === 'date')).toHaveLength(1);
  });

  test('streams a request body to the backend as it comes', async () => {
    backend.intercept = (req, res) => req.once('data', (chunk: Buffer) => res.end(`got ${chunk.toString()}`));
    const req = request(gateway.endpoint, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
    req.write('first');
    // The backend answers on the first chunk; the request is still open.
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    const answer = await text(res);
    req.end();
    backend.intercept = undefined;
    expect(answer).toBe('got first');
  });

  test('an SDK call the gateway does not answer reaches the backend and its answer reaches the SDK', async () => {
    backend.respond = (_req, res) => res.end(JSON.stringify({ logGroups: [{ logGroupName: '/from-backend' }] }));
    const { logGroups } = await logs().send(new DescribeLogGroupsCommand({}));
    backend.respond = (_req, r) => r.end('{}');
    expect(logGroups).toEqual([{ logGroupName: '/from-backend' }]);
    expect(backend.seen.at(-1)?.rawHeaders).toContain('Logs_20140328.DescribeLogGroups');
  });

  test('answers anomaly-detector operations itself, asking STS for the account once per access key', async () => {
    const logGroup = reader.addLogGroup(HOME, '/gw/app');
    const key = reader.addKey(HOME, documentedLogsKeyPolicy(HOME));
    const before = { forwarded: backend.seen.length, sts: backend.stsCalls };
    const { anomalyDetectorArn } = await logs().send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroup], kmsKeyId: key, tags: { t: '1' } }));
    const detector = await logs().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    const { tags } = await logs().send(new ListTagsForResourceCommand({ resourceArn: anomalyDetectorArn }));

    expect(anomalyDetectorArn).toMatch(/^arn:aws:logs:us-east-1:123456789012:anomaly-detector:[0-9a-f-]{36}$/);
    expect(detector).toMatchObject({ kmsKeyId: key, logGroupArnList: [logGroup], anomalyDetectorStatus: 'TRAINING' });
    expect(tags).toEqual({ t: '1' });
    expect(backend.seen.length).toBe(before.forwarded);
    expect(backend.stsCalls - before.sts).toBeLessThanOrEqual(1);
  });

  test('places a caller in the account STS names for its access key', async () => {
    const other = { ...HOME, account: '111111111111' };
    const logGroup = reader.addLogGroup(other, '/gw/other');
    const { anomalyDetectorArn } = await logs('other').send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroup] }));
    expect(anomalyDetectorArn).toMatch(/^arn:aws:logs:us-east-1:111111111111:anomaly-detector:/);
    await expect(logs().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('forwards tagging of resources that are not detectors', async () => {
    backend.respond = (_req, res) => res.end(JSON.stringify({ tags: { from: 'backend' } }));
    const { tags } = await logs().send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app' }));
    backend.respond = (_req, r) => r.end('{}');
    expect(tags).toEqual({ from: 'backend' });
    expect(JSON.parse(backend.seen.at(-1)?.body ?? '{}')).toEqual({ resourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app' });
  });

  test('renders errors as AWS JSON 1.1: the SDK sees the code as name and the message', async () => {
    const error = await logs()
      .send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:nope' }))
      .catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified anomaly detector does not exist: arn:aws:logs:us-east-1:123456789012:anomaly-detector:nope',
      $metadata: { httpStatusCode: 400 },
    });
  });

  async function rawCall(target: string, body: string, authorization?: string) {
    const headers: Record<string, string> = { 'x-amz-target': `Logs_20140328.${target}`, 'content-type': 'application/x-amz-json-1.1' };
    if (authorization) headers.authorization = authorization;
    const res = await new Promise<IncomingMessage>((resolve) => request(gateway.endpoint, { method: 'POST', headers }, resolve).end(body));
    return { status: res.statusCode, errorType: res.headers['x-amzn-errortype'], body: JSON.parse(await text(res)) as unknown };
  }

  test('refuses an unsigned request: it names no region or access key', async () => {
    expect(await rawCall('ListLogAnomalyDetectors', '{}')).toEqual({
      status: 400,
      errorType: 'MissingAuthenticationTokenException',
      body: { __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' },
    });
  });

  test('refuses an x-moto-account-id that is not an account id', async () => {
    const headers = { authorization: SIGNED, 'x-moto-account-id': 'me', 'x-amz-target': 'Logs_20140328.ListLogAnomalyDetectors' };
    const res = await new Promise<IncomingMessage>((resolve) => request(gateway.endpoint, { method: 'POST', headers }, resolve).end('{}'));
    expect({ status: res.statusCode, body: JSON.parse(await text(res)) as unknown }).toEqual({
      status: 400,
      body: { __type: 'InvalidParameterException', message: "The x-moto-account-id header must be a 12-digit account id, got 'me'" },
    });
  });

  test('answers a body that is not JSON with SerializationException', async () => {
    expect(await rawCall('ListLogAnomalyDetectors', '{nope', SIGNED)).toMatchObject({ status: 400, errorType: 'SerializationException' });
  });

  test('answers ServiceUnavailableException when the backend is down', async () => {
    const down = await startGateway({ backendEndpoint: 'http://127.0.0.1:1', backendReader: reader });
    try {
      const client = new CloudWatchLogsClient({
        endpoint: down.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 't', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      await expect(client.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
        name: 'ServiceUnavailableException',
        message: expect.stringMatching(/^The backend at http:\/\/127\.0\.0\.1:1 failed: connect ECONNREFUSED/) as string,
      });
      await expect(client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: 'arn:aws:logs:us-east-1:1:anomaly-detector:x' }))).rejects.toMatchObject({
        name: 'ServiceUnavailableException',
        message: expect.stringMatching(/^STS GetCallerIdentity on the backend at http:\/\/127\.0\.0\.1:1 failed: connect ECONNREFUSED/) as string,
      });
    } finally {
      await down.close();
    }
  });
});
