/**
 * `npm start`: deploys the example app to local AWS, verifies the key association and the key
 * policy, prints a short report, and waits for Ctrl-C before destroying everything.
 * `npm start -- --once` deploys, verifies, destroys and exits non-zero on any failure.
 * `SECOND_REGION=eu-west-1 npm start` deploys the example in two regions, a key and a detector in each.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { startLocalAws, LocalAws } from '../localstack/local-aws';
import { localAwsProviderSettings } from '../localstack/provider-settings';
import { AWS_OWNED_KEY } from '../modules/encrypted-log-anomaly-detector';
import { AnomalyDetectionStack, SECOND_REGION_ALIAS } from '../stacks/anomaly-detection-stack';
import { EXAMPLE_STACK_NAME, exampleConfigFromEnv } from '../stacks/example-config';
import { StackDeployment } from '../terraform-runner/stack-deployment';
import { exampleLogGroupNames } from '../stacks/anomaly-detection-resources';
import { verifyAssociation, verifyKeyPolicy, verifyLogGroupEncryption, Verification } from '../testing/verify-deployment';

const once = process.argv.includes('--once');

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Verifies one region's detector: its association with the key, and the key's policy; and its log groups' key when they have one. */
async function verifyRegion(
  localAws: LocalAws,
  region: string,
  detectorArn: string,
  keyArn: string,
  encryptedLogGroups: readonly string[],
): Promise<Verification[]> {
  const clientConfig = {
    endpoint: localAws.endpoint,
    region,
    credentials: { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
  };
  if (keyArn === AWS_OWNED_KEY) {
    return [{ check: 'association', ok: true, detail: 'aws-owned: the detector uses CloudWatch Logs encryption' }];
  }
  const logs = new CloudWatchLogsClient(clientConfig);
  const kms = new KMSClient(clientConfig);
  return [
    await verifyAssociation(logs, detectorArn, keyArn),
    await verifyKeyPolicy(kms, keyArn, detectorArn),
    ...(encryptedLogGroups.length > 0 ? [await verifyLogGroupEncryption(logs, kms, encryptedLogGroups, keyArn)] : []),
  ];
}

async function deployAndVerify(localAws: LocalAws, deployment: StackDeployment): Promise<Verification[]> {
  const config = exampleConfigFromEnv({ ...process.env, AWS_REGION: localAws.region });
  deployment.synth(
    (app) =>
      new AnomalyDetectionStack(app, EXAMPLE_STACK_NAME, {
        ...config,
        // The local copy must be destroyable on exit; real deployments keep prevent_destroy.
        preventDestroy: false,
        provider: localAwsProviderSettings(localAws),
      }),
  );
  log(
    config.secondRegion === undefined
      ? 'Deploying the example stack (terraform apply)...'
      : `Deploying the example stack in ${config.region} and ${config.secondRegion} (terraform apply)...`,
  );
  await deployment.deploy({ progress: (line) => log(`  ${line}`) });
  const outputs = await deployment.outputs();
  // The example gives a new key to its log groups too; the second region makes a new key unless the first is aws-owned.
  const logGroups = exampleLogGroupNames(config.namePrefix);
  const regions = [{ region: config.region, prefix: '', logGroups: config.key === 'new' ? logGroups : [] }];
  if (config.secondRegion !== undefined) {
    regions.push({ region: config.secondRegion, prefix: `${SECOND_REGION_ALIAS}_`, logGroups: config.key === AWS_OWNED_KEY ? [] : logGroups });
  }
  const verifications: Verification[] = [];
  for (const { region, prefix, logGroups: encrypted } of regions) {
    // One region reads as it always has; two name theirs on every line.
    const label = regions.length > 1 ? `${region} ` : '';
    const detectorArn = outputs[`${prefix}detector_arn`];
    const keyArn = outputs[`${prefix}key_arn`];
    log(`${label}key ARN:      ${keyArn}`);
    log(`${label}detector ARN: ${detectorArn}`);
    for (const v of await verifyRegion(localAws, region, detectorArn, keyArn, encrypted)) verifications.push({ ...v, check: `${label}${v.check}` });
  }
  return verifications;
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function main(): Promise<number> {
  const localAws = await startLocalAws();
  const deployment = new StackDeployment('start', { env: { AWS_ACCESS_KEY_ID: localAws.accessKeyId, AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey } });
  let failed: boolean;
  try {
    log(`Local AWS: ${localAws.backend} behind the anomaly-detector gateway`);
    for (const notice of localAws.notices) log(`Local AWS: ${notice}`);
    const verifications = await deployAndVerify(localAws, deployment);
    for (const v of verifications) log(`${v.check} ${v.ok ? 'verified' : 'FAILED'}: ${v.detail}`);
    failed = verifications.some((v) => !v.ok);
    log(`AWS_ENDPOINT_URL=${localAws.endpoint}`);
    if (!once) {
      log('Running. Inspect it with the AWS CLI or any SDK at the endpoint above; Ctrl-C destroys it and stops local AWS.');
      await waitForInterrupt();
    }
  } catch (e) {
    failed = true;
    process.stderr.write(`${(e as Error).message}\n`);
    if (localAws.logFile) process.stderr.write(`local AWS log: ${localAws.logFile}\n`);
  } finally {
    log('Destroying the example stack...');
    try {
      await deployment.destroy();
      deployment.remove();
    } catch (e) {
      failed = true;
      process.stderr.write(`destroy failed, state kept in ${deployment.workDir}: ${(e as Error).message}\n`);
    }
    await localAws.stop();
  }
  log(failed ? 'FAILED' : 'OK');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  },
);
