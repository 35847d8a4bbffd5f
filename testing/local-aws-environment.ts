import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { LocalAws } from '../localstack/local-aws';

/**
 * How the integration global setup hands local AWS to the test workers: environment
 * variables, which workers inherit. LOCAL_AWS_BACKEND_KIND, not LOCAL_AWS_BACKEND: the latter
 * chooses a backend, and child processes (`npm start` in a test) would inherit the choice.
 */
export function localAwsVariables(localAws: LocalAws): Record<string, string> {
  return {
    LOCAL_AWS_ENDPOINT: localAws.endpoint,
    LOCAL_AWS_BACKEND_KIND: localAws.backend,
    LOCAL_AWS_BACKEND_ENDPOINT: localAws.backendEndpoint,
    LOCAL_AWS_LOG_FILE: localAws.logFile ?? '',
    AWS_REGION: localAws.region,
    AWS_ACCESS_KEY_ID: localAws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey,
  };
}

export interface LocalAwsEnv {
  /** The gateway. */
  readonly endpoint: string;
  readonly backend: string;
  readonly backendEndpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Local AWS as the Jest global setup (`kms-anomaly-detector/testing/jest-global-setup`) exported it; throws outside a run that started it. */
export function localAwsEnv(): LocalAwsEnv {
  const env = process.env;
  if (!env.LOCAL_AWS_ENDPOINT) {
    throw new Error(
      "LOCAL_AWS_ENDPOINT is not set: these tests run under the Jest global setup 'kms-anomaly-detector/testing/jest-global-setup', which starts local AWS",
    );
  }
  return {
    endpoint: env.LOCAL_AWS_ENDPOINT,
    backend: env.LOCAL_AWS_BACKEND_KIND ?? '',
    backendEndpoint: env.LOCAL_AWS_BACKEND_ENDPOINT ?? '',
    region: env.AWS_REGION ?? 'us-east-1',
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
}

export interface ClientOptions {
  /** @default - the local AWS region */
  readonly region?: string;
  /** @default - the local AWS test credentials */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** @default - the gateway */
  readonly endpoint?: string;
}

function clientConfig(options: ClientOptions) {
  const local = localAwsEnv();
  return {
    endpoint: options.endpoint ?? local.endpoint,
    region: options.region ?? local.region,
    credentials: options.credentials ?? { accessKeyId: local.accessKeyId, secretAccessKey: local.secretAccessKey },
    // Errors surface as they are, not after retries.
    maxAttempts: 1,
  };
}

export const logsClient = (options: ClientOptions = {}): CloudWatchLogsClient => new CloudWatchLogsClient(clientConfig(options));
export const kmsClient = (options: ClientOptions = {}): KMSClient => new KMSClient(clientConfig(options));

/** The role `credentialsIn` assumes; local backends switch accounts on AssumeRole without it existing. */
export const LOCAL_ACCOUNT_ROLE_NAME = 'local-aws-test';

/**
 * Credentials of another account of local AWS, for SDK clients that read what a stack made
 * there: STS AssumeRole into a role of `account`, as `localAwsProviderSettings({ account })`
 * makes the Terraform provider do. Pass them as `credentials` to `logsClient` or `kmsClient`.
 */
export async function credentialsIn(account: string, options: Omit<ClientOptions, 'credentials'> = {}): Promise<NonNullable<ClientOptions['credentials']>> {
  const sts = new STSClient(clientConfig(options));
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${LOCAL_ACCOUNT_ROLE_NAME}`, RoleSessionName: 'kms-anomaly-detector-test' }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`STS AssumeRole into account ${account} answered without credentials`);
    return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
  } finally {
    sts.destroy();
  }
}
