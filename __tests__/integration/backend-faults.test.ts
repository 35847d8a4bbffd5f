import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { LocalAws, startLocalAws } from '../../localstack/local-aws';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { DetectorTestStack } from './support/detector-test-resources';
import { processesCarrying } from './support/run-leftovers';
import { kmsClient, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// This test starts and kills local AWS of its own; the run's shared one is not touched.
describe('the backend killed mid-apply', () => {
  const namePrefix = uniqueName('faults');
  // Every process the test starts inherits the marker, orphans included.
  const marker = `KMS_ANOMALY_FAULT_TEST=${namePrefix}`;
  const motoEnv = () => ({ ...process.env, LOCAL_AWS_BACKEND: 'moto', AWS_ENDPOINT_URL: '' });
  const started: LocalAws[] = [];
  let deployment: StackDeployment;

  async function startOwnLocalAws(): Promise<LocalAws> {
    const localAws = await startLocalAws({ env: motoEnv() });
    started.push(localAws);
    return localAws;
  }

  function synthAgainst(localAws: LocalAws): void {
    deployment.synth((app) => new DetectorTestStack(app, 'faults', { endpoint: localAws.endpoint, region: localAws.region, namePrefix, key: 'a' }));
  }

  /** What this test has in the temporary directory: its deployment's working directory is named after it. */
  const ownTemporaryEntries = () => readdirSync(tmpdir()).filter((name) => name.includes(namePrefix));

  beforeAll(() => {
    process.env.KMS_ANOMALY_FAULT_TEST = namePrefix;
    deployment = new StackDeployment(namePrefix);
  });

  afterAll(async () => {
    for (const localAws of started) {
      await localAws.stop();
      if (localAws.logFile) rmSync(localAws.logFile, { force: true });
    }
    deployment.remove();
    delete process.env.KMS_ANOMALY_FAULT_TEST;
  });

  test('fails within seconds naming the backend and its log; a rerun on a fresh backend converges; nothing is left behind', async () => {
    expect(processesCarrying(marker)).toEqual([]);
    expect(ownTemporaryEntries()).toEqual([basename(deployment.workDir)]);

    const first = await startOwnLocalAws();
    synthAgainst(first);
    const applying = deployment.deploy().then(
      () => undefined,
      (e: Error) => e,
    );
    // Mid-apply: the first key exists, the detector does not yet (each key takes seconds of the provider's propagation waits).
    const backendKms = kmsClient({ endpoint: first.backendEndpoint, region: first.region });
    for (let keys = 0; keys === 0; await new Promise((resolve) => setTimeout(resolve, 100))) {
      keys = (await backendKms.send(new ListKeysCommand({}))).Keys?.length ?? 0;
    }
    backendKms.destroy();
    process.kill(-first.backendPid!, 'SIGKILL');
    const killedAt = Date.now();
    const failure = await applying;
    const failedAfterMs = Date.now() - killedAt;

    // Terraform wraps long messages; compare them as one line.
    const message = failure?.message.replace(/\s+/g, ' ') ?? 'the apply succeeded';
    expect(message).toContain('ServiceUnavailableException');
    expect(message).toContain(`local AWS backend moto (pid ${first.backendPid}) at ${first.backendEndpoint} was killed by SIGKILL; its log: ${first.logFile}`);
    expect(failedAfterMs).toBeLessThan(20_000);
    await first.stop();

    const fresh = await startOwnLocalAws();
    synthAgainst(fresh);
    await deployment.deploy();
    expect((await deployment.plan()).changes).toBe(false);
    const { detector_arn: detectorArn, key_a_arn: keyArn } = await deployment.outputs();
    const logs = logsClient({ endpoint: fresh.endpoint, region: fresh.region });
    expect((await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }))).kmsKeyId).toBe(keyArn);
    logs.destroy();
    await deployment.destroy();
    deployment.remove();
    await fresh.stop();

    expect(processesCarrying(marker)).toEqual([]);
    expect(ownTemporaryEntries()).toEqual([]);
    // The killed backend's log stays for diagnosis (the failure named it); the one stopped in order goes with stop().
    expect(statSync(first.logFile!).isFile()).toBe(true);
    expect(existsSync(fresh.logFile!)).toBe(false);
  });
});
