import { existsSync } from 'node:fs';
import type { LocalAws } from '../localstack/local-aws';

/** Jest `globalTeardown`: stops the local AWS the global setup started; says where its log is when the backend failed and the log was kept. */
async function jestGlobalTeardown(): Promise<void> {
  const localAws = (globalThis as { __LOCAL_AWS__?: LocalAws }).__LOCAL_AWS__;
  await localAws?.stop();
  if (localAws?.logFile && existsSync(localAws.logFile)) process.stdout.write(`\nlocal AWS: the backend failed; its log is kept at ${localAws.logFile}\n`);
}

// module.exports itself, as Jest's globalTeardown reads it and as ESM and bundlers import a CommonJS default.
export = jestGlobalTeardown;
