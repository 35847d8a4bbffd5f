import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startGateway } from '../../../localstack/gateway';
import { FakeBackendReader } from '../support/fake-backend-reader';

const STATUS = 'local AWS backend moto (pid 4242) at http://127.0.0.1:1 was killed by SIGKILL; its log: /tmp/local-aws-moto-1.log';

describe('gateway, when its backend is gone', () => {
  test.each<[string, (client: CloudWatchLogsClient) => Promise<unknown>, RegExp]>([
    [
      'a forwarded request',
      (client) => client.send(new DescribeLogGroupsCommand({})),
      /^The backend at http:\/\/127\.0\.0\.1:1 failed: connect ECONNREFUSED[^;]*; /,
    ],
    [
      'an operation the gateway answers itself',
      (client) => client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:x' })),
      /^STS GetCallerIdentity on the backend at http:\/\/127\.0\.0\.1:1 failed: connect ECONNREFUSED[^;]*; /,
    ],
  ])('%s fails with ServiceUnavailableException naming the backend, how it ended and its log', async (_, call, failure) => {
    const gateway = await startGateway({ backendEndpoint: 'http://127.0.0.1:1', backendReader: new FakeBackendReader(), backendStatus: () => STATUS });
    const client = new CloudWatchLogsClient({
      endpoint: gateway.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const error = await call(client).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('ServiceUnavailableException');
      expect(error?.message).toMatch(failure);
      expect(error?.message.endsWith(STATUS)).toBe(true);
    } finally {
      client.destroy();
      await gateway.close();
    }
  });
});
