import { randomBytes } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';

/** The local AWS the integration global setup started, as it handed it to the workers. */
export interface LocalAwsEnv {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function localAwsEnv(): LocalAwsEnv {
  const endpoint = process.env.LOCAL_AWS_ENDPOINT;
  if (!endpoint) {
    throw new Error('LOCAL_AWS_ENDPOINT is not set: integration tests run under the Jest global setup that starts local AWS (npm test)');
  }
  return {
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
}

function clientConfig() {
  const { endpoint, region, accessKeyId, secretAccessKey } = localAwsEnv();
  return { endpoint, region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 };
}

export const logsClient = (): CloudWatchLogsClient => new CloudWatchLogsClient(clientConfig());
export const kmsClient = (): KMSClient => new KMSClient(clientConfig());

/** A name prefix no other test or run uses, so tests can share one local AWS in parallel. */
export function uniquePrefix(test: string): string {
  return `it-${test}-${randomBytes(3).toString('hex')}`;
}
