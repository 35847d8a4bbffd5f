import { startLocalAws } from '../../localstack/local-aws';

/**
 * Starts one local AWS for the whole integration run and hands it to the workers through the
 * environment (workers are spawned after this and inherit it). A failure here fails the run
 * with the reason: integration tests never pass without a local AWS.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const localAws = await startLocalAws();
  (globalThis as { __LOCAL_AWS__?: unknown }).__LOCAL_AWS__ = localAws;
  Object.assign(process.env, {
    LOCAL_AWS_ENDPOINT: localAws.endpoint,
    LOCAL_AWS_BACKEND_KIND: localAws.backend,
    LOCAL_AWS_BACKEND_ENDPOINT: localAws.backendEndpoint,
    LOCAL_AWS_LOG_FILE: localAws.logFile ?? '',
    AWS_REGION: localAws.region,
    AWS_ACCESS_KEY_ID: localAws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey,
  });
  process.stdout.write(`\nlocal AWS: ${localAws.backend} at ${localAws.backendEndpoint}, gateway ${localAws.endpoint} (${Date.now() - started} ms)\n`);
}
