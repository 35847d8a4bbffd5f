import { Backend, BackendKind } from './backends/backend';
import { useEndpoint } from './backends/endpoint';
import { dockerUnavailable, startLocalStackContainer } from './backends/localstack-container';
import { startMotoServer } from './backends/moto-server';
import { startGateway } from './gateway';

export type { BackendKind } from './backends/backend';

/** A running local AWS: the anomaly-detector gateway in front of a backend. */
export interface LocalAws {
  /** The gateway's URL: what SDK clients, the AWS CLI and Terraform use. */
  readonly endpoint: string;
  readonly backend: BackendKind;
  /** The backend's own URL, behind the gateway. */
  readonly backendEndpoint: string;
  /** The backend's output, when the harness started it: `stop()` removes it, unless the backend failed (ended on its own). */
  readonly logFile?: string;
  /** The backend's process id, when the harness started it on the host. */
  readonly backendPid?: number;
  /** What the user should know about how it started, e.g. that a requested port was taken. */
  readonly notices: readonly string[];
  /** `AWS_REGION`, or us-east-1. */
  readonly region: string;
  /** `test`: backends accept any credentials. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Stops the gateway and whatever backend the harness started. Safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalAwsOptions {
  /** Where LOCAL_AWS_BACKEND, AWS_ENDPOINT_URL, AWS_REGION, LOCALSTACK_IMAGE, LOCALSTACK_AUTH_TOKEN and LOCAL_AWS_PYTHON are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How long a backend may take to answer. @default 30 s for moto and an endpoint, 120 s for LocalStack */
  readonly startTimeoutMs?: number;
  /** The gateway's port; when it is taken, a free one is chosen and `notices` says so. @default LOCAL_AWS_PORT, else a free port */
  readonly port?: number;
}

export const BACKEND_KINDS: readonly BackendKind[] = ['moto', 'localstack', 'endpoint'];
export const DEFAULT_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** A backend to try, or one passed over and why (it still shows in a failure message). */
export type BackendChoice = { readonly kind: BackendKind } | { readonly kind: BackendKind; readonly skipped: string };

/**
 * The backends to try, in order. LOCAL_AWS_BACKEND forces one; otherwise AWS_ENDPOINT_URL
 * is used as it is; otherwise LocalStack when a Docker engine answers, then moto on the host.
 */
export async function chooseBackends(env: NodeJS.ProcessEnv, dockerProblem: () => Promise<string | undefined>): Promise<BackendChoice[]> {
  const forced = env.LOCAL_AWS_BACKEND;
  if (forced) {
    if (!(BACKEND_KINDS as readonly string[]).includes(forced)) {
      throw new Error(`LOCAL_AWS_BACKEND must be one of ${BACKEND_KINDS.join(', ')}, got '${forced}'`);
    }
    return [{ kind: forced as BackendKind }];
  }
  if (env.AWS_ENDPOINT_URL) return [{ kind: 'endpoint' }];
  const problem = await dockerProblem();
  return [problem ? { kind: 'localstack', skipped: problem } : { kind: 'localstack' }, { kind: 'moto' }];
}

function startBackend(kind: BackendKind, env: NodeJS.ProcessEnv, timeoutMs: number | undefined): Promise<Backend> {
  switch (kind) {
    case 'endpoint':
      if (!env.AWS_ENDPOINT_URL) return Promise.reject(new Error('AWS_ENDPOINT_URL is not set'));
      return useEndpoint(env.AWS_ENDPOINT_URL, timeoutMs);
    case 'localstack':
      return startLocalStackContainer({ image: env.LOCALSTACK_IMAGE || undefined, timeoutMs, authToken: env.LOCALSTACK_AUTH_TOKEN || undefined });
    case 'moto':
      return startMotoServer({ python: env.LOCAL_AWS_PYTHON || undefined, timeoutMs });
  }
}

const DESCRIPTIONS: Record<BackendKind, (env: NodeJS.ProcessEnv) => string> = {
  endpoint: (env) => `the endpoint AWS_ENDPOINT_URL=${env.AWS_ENDPOINT_URL ?? '(unset)'}`,
  localstack: () => 'LocalStack in Docker (testcontainers)',
  moto: () => `moto's server on the host`,
};

/**
 * Starts local AWS: a backend chosen as `chooseBackends` says, with the anomaly-detector
 * gateway in front of it. Fails with one message naming every backend tried and why each failed.
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const env = options.env ?? process.env;
  const port = options.port === undefined ? portFromEnv(env) : checkedPort(options.port, 'port');
  const failures: string[] = [];
  for (const choice of await chooseBackends(env, dockerUnavailable)) {
    const description = DESCRIPTIONS[choice.kind](env);
    if ('skipped' in choice) {
      failures.push(`${description}: skipped, ${choice.skipped}`);
      continue;
    }
    let backend: Backend;
    try {
      backend = await startBackend(choice.kind, env, options.startTimeoutMs);
    } catch (e) {
      failures.push(`${description}: ${(e as Error).message}`);
      continue;
    }
    return withGateway(backend, env, port);
  }
  throw new Error(`Local AWS could not start. Tried:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}

function checkedPort(port: number, name: string, given: string = String(port)): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a whole number from 1 to 65535, got '${given}'`);
  return port;
}

function portFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  return env.LOCAL_AWS_PORT ? checkedPort(Number(env.LOCAL_AWS_PORT), 'LOCAL_AWS_PORT', env.LOCAL_AWS_PORT) : undefined;
}

/** How long a failure waits to learn whether the backend process died: its exit is reaped after its sockets close. */
const EXIT_GRACE_MS = 500;

/** Which backend, how it is doing and where its log is: added to every backend failure a client sees. */
async function backendStatus(backend: Backend): Promise<string> {
  const pid = backend.pid ? ` (pid ${backend.pid})` : '';
  const state = (await backend.endedWithin?.(EXIT_GRACE_MS)) ?? backend.ended?.() ?? 'is running';
  const log = backend.logFile ? `; its log: ${backend.logFile}` : '';
  return `local AWS backend ${backend.kind}${pid} at ${backend.endpoint} ${state}${log}`;
}

async function withGateway(backend: Backend, env: NodeJS.ProcessEnv, port: number | undefined): Promise<LocalAws> {
  let gateway;
  try {
    gateway = await startGateway({ backendEndpoint: backend.endpoint, port, backendStatus: () => backendStatus(backend) });
  } catch (e) {
    await backend.stop();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    endpoint: gateway.endpoint,
    backend: backend.kind,
    backendEndpoint: backend.endpoint,
    logFile: backend.logFile,
    backendPid: backend.pid,
    notices: gateway.portNotice ? [gateway.portNotice] : [],
    region: env.AWS_REGION || DEFAULT_REGION,
    ...TEST_CREDENTIALS,
    stop: () => {
      stopping ??= gateway.close().then(() => backend.stop());
      return stopping;
    },
  };
}
