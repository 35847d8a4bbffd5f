import type { LocalAws } from '../localstack/local-aws';

/** Jest `globalTeardown`: stops the local AWS the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __LOCAL_AWS__?: LocalAws }).__LOCAL_AWS__?.stop();
}
