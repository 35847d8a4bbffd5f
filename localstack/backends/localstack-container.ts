import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from './backend';

/** LocalStack community's image this harness is tested against; LOCALSTACK_IMAGE overrides it. */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

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
}

/**
 * LocalStack in a container, started with testcontainers (which also reaps the container if
 * this process dies without stopping it), its log copied to a file under the temporary directory.
 */
export async function startLocalStackContainer(options: LocalStackOptions = {}): Promise<Backend> {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const image = options.image ?? DEFAULT_LOCALSTACK_IMAGE;
  const logFile = join(tmpdir(), `local-aws-localstack-${process.pid}-${Date.now()}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  try {
    const container = await new LocalstackContainer(image)
      .withStartupTimeout(options.timeoutMs ?? 120_000)
      .withLogConsumer((stream) => stream.pipe(log))
      .start();
    return {
      kind: 'localstack',
      endpoint: container.getConnectionUri(),
      logFile,
      stop: async () => {
        await container.stop();
        log.end();
      },
    };
  } catch (e) {
    log.end();
    throw new Error(`LocalStack (${image}) did not start: ${(e as Error).message}; see ${logFile}`, { cause: e });
  }
}
