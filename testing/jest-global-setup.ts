import { LocalAws, startLocalAws } from '../localstack/local-aws';
import { localAwsVariables } from './local-aws-environment';

/**
 * Jest `globalSetup`: starts one local AWS for the whole run and hands it to the workers
 * through environment variables (they are spawned after this and inherit them); the handle
 * stays on globalThis for the teardown. When no local AWS can start, the run fails with the
 * reason: tests never pass without one.
 */
async function jestGlobalSetup(): Promise<void> {
  const started = Date.now();
  let localAws: LocalAws;
  try {
    localAws = await startLocalAws();
  } catch (e) {
    throw new Error(`These tests need a local AWS, and none could start.\n${(e as Error).message}`, { cause: e });
  }
  (globalThis as { __LOCAL_AWS__?: LocalAws }).__LOCAL_AWS__ = localAws;
  Object.assign(process.env, localAwsVariables(localAws));
  const log = localAws.logFile ? `, log ${localAws.logFile}` : '';
  process.stdout.write(`\nlocal AWS: ${localAws.backend} at ${localAws.backendEndpoint}, gateway ${localAws.endpoint} (${Date.now() - started} ms${log})\n`);
  for (const notice of localAws.notices) process.stdout.write(`local AWS: ${notice}\n`);
}

// module.exports itself, as Jest's globalSetup reads it and as ESM and bundlers import a CommonJS default.
export = jestGlobalSetup;
