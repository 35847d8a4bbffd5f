/**
 * Local AWS by hand: `npx tsx localstack/serve.ts` starts it (backend chosen as usual), prints
 * the variables that point the AWS CLI, SDKs and Terraform at the gateway, and runs until
 * Ctrl-C, then stops the gateway and the backend.
 */
import { startLocalAws } from './local-aws';

async function main(): Promise<void> {
  const localAws = await startLocalAws();
  process.stdout.write(
    [
      `# ${localAws.backend} at ${localAws.backendEndpoint}${localAws.logFile ? `, log ${localAws.logFile}` : ''}`,
      ...localAws.notices.map((notice) => `# ${notice}`),
      `export AWS_ENDPOINT_URL=${localAws.endpoint}`,
      `export AWS_REGION=${localAws.region}`,
      `export AWS_ACCESS_KEY_ID=${localAws.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${localAws.secretAccessKey}`,
      '# Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    localAws.stop().then(
      () => process.exit(0),
      (e: Error) => {
        process.stderr.write(`${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
