import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from './backend';

/** LocalStack community's image this harness is tested against; LOCALSTACK_IMAGE overrides it. It needs no auth token. */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';
/** The variable LocalStack reads its auth token from, forwarded to the container when set. */
export const LOCALSTACK_AUTH_TOKEN = 'LOCALSTACK_AUTH_TOKEN';
/** A calendar version tag (2026.03.0): LocalStack's unified image, published since March 23, 2026. */
const CALENDAR_VERSION = /^\d{4}\.\d{2}(\.\d+)?$/;
/** Tags that follow the newest image, so the unified one since March 23, 2026. */
const MOVING_TAGS = ['latest', 'stable'];

/**
 * Why `image` will not start without LOCALSTACK_AUTH_TOKEN, or undefined when it starts without
 * one: since March 23, 2026 `localstack/localstack` is one unified image, its calendar versions
 * (and `latest`, `stable`) need a token, as `localstack/localstack-pro` always did; the
 * community releases before it (4.14.0 and earlier) need none. Other images are not judged.
 */
export function localStackTokenRequirement(image: string): string | undefined {
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  const repository = (colon < 0 ? image : image.slice(0, colon)).replace(/^(docker\.io\/|registry-1\.docker\.io\/)/, '');
  const tag = colon < 0 ? 'latest' : image.slice(colon + 1).split('@')[0];
  if (repository === 'localstack/localstack-pro') return `${image} is LocalStack's pro image, which always needs ${LOCALSTACK_AUTH_TOKEN}`;
  if (repository !== 'localstack/localstack') return undefined;
  if (CALENDAR_VERSION.test(tag) || MOVING_TAGS.includes(tag)) {
    return `${image} is LocalStack's unified image (calendar versions such as 2026.03.0, and '${tag === 'stable' ? 'stable' : 'latest'}', since March 23, 2026), which needs ${LOCALSTACK_AUTH_TOKEN}`;
  }
  return undefined;
}

/**
 * Why no Docker engine can be used, or undefined when one answers. testcontainers is imported
 * here, lazily: it is heavy, and most runs on hosts without an engine never need it. Its
 * runtime probe answers in about half a second when there is no engine.
 */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (e) {
    return `no Docker engine answers (${(e as Error).message.split('\n')[0]})`;
  }
}

export interface LocalStackOptions {
  /** @default DEFAULT_LOCALSTACK_IMAGE */
  readonly image?: string;
  /** @default 120000, image pull not included */
  readonly timeoutMs?: number;
  /**
   * LocalStack's auth token, passed to the container as LOCALSTACK_AUTH_TOKEN (never logged).
   * Needed by the images `localStackTokenRequirement` names.
   * @default - none: only images that need no token start
   */
  readonly authToken?: string;
}

/**
 * LocalStack in a container, started with testcontainers (which also reaps the container if
 * this process dies without stopping it), its log copied to a file under the temporary
 * directory, kept only when the container fails to start (the error names it). An image that needs an auth token is refused before anything is pulled when no
 * token is given.
 */
export async function startLocalStackContainer(options: LocalStackOptions = {}): Promise<Backend> {
  const image = options.image ?? DEFAULT_LOCALSTACK_IMAGE;
  const needsToken = localStackTokenRequirement(image);
  if (needsToken && !options.authToken) {
    throw new Error(
      `${needsToken}: set ${LOCALSTACK_AUTH_TOKEN} (a CI auth token in CI), or use LOCALSTACK_IMAGE=${DEFAULT_LOCALSTACK_IMAGE}, which needs none, or moto (LOCAL_AWS_BACKEND=moto), which needs nothing`,
    );
  }
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const logFile = join(tmpdir(), `local-aws-localstack-${process.pid}-${Date.now()}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // Open before the container starts: a failure's message names this file, so it must exist.
  await once(log, 'open');
  try {
    const container = new LocalstackContainer(image).withStartupTimeout(options.timeoutMs ?? 120_000).withLogConsumer((stream) => stream.pipe(log));
    if (options.authToken) container.withEnvironment({ [LOCALSTACK_AUTH_TOKEN]: options.authToken });
    const started = await container.start();
    return {
      kind: 'localstack',
      endpoint: started.getConnectionUri(),
      logFile,
      // A run that ends with stop() went well for the backend: its log goes too.
      stop: async () => {
        await started.stop();
        await new Promise<void>((resolve) => log.end(resolve));
        rmSync(logFile, { force: true });
      },
    };
  } catch (e) {
    log.end();
    const token = options.authToken ? '' : ` (no ${LOCALSTACK_AUTH_TOKEN} was set)`;
    throw new Error(`LocalStack (${image}) did not start${token}: ${(e as Error).message}; see ${logFile}`, { cause: e });
  }
}
