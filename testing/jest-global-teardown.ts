import { existsSync } from 'node:fs';
import type { LocalAws } from '../localstack/local-aws';

/** Jest `globalTeardown`: stops the local AWS the global setup started; says where its log is when the backend failed and the log was kept. */
export default async function globalTeardown(): Promise<void> {
  const localAws = (globalThis as { __LOCAL_AWS__?: LocalAws }).__LOCAL_AWS__;
  await localAws?.stop();
  if (localAws?.logFile && existsSync(localAws.logFile)) process.stdout.write(`\nlocal AWS: the backend failed; its log is kept at ${localAws.logFile}\n`);
}
