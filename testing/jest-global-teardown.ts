import type { LocalAws } from '../localstack/local-aws';

/** Jest `globalTeardown`: stops the local AWS the global setup started. */
async function jestGlobalTeardown(): Promise<void> {
  await (globalThis as { __LOCAL_AWS__?: LocalAws }).__LOCAL_AWS__?.stop();
}

// module.exports itself, as Jest's globalTeardown reads it and as ESM and bundlers import a CommonJS default.
export = jestGlobalTeardown;
