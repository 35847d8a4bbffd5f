import { rmSync } from 'node:fs';
import {
  CloudWatchLogsClient,
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DeleteLogAnomalyDetectorCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { LocalAws, startLocalAws } from '../localstack/local-aws';
import { anomalyDetectorKeyPolicy } from '../modules/key-policy';
import { partitionOfRegion } from '../modules/aws/partitions';
import { Cleanup } from './cleanup';
import { pairwiseRatios, timed, timeMs } from './measure';
import { startMinimalHttpProxy, startTcpRelay } from './reference-hops';
import { msFigure, Section } from './results';

export interface LocalAwsBenchOptions {
  readonly runs: number;
  readonly requests: number;
  readonly detectorCreates: number;
  /** The local AWS the requests go to, started by the caller. */
  readonly shared: LocalAws;
  /** Passed to every `startLocalAws` timed here. */
  readonly env: NodeJS.ProcessEnv;
  readonly cleanup: Cleanup;
  readonly progress: (line: string) => void;
}

/** Unmeasured calls first, so connections, credentials and the SDK's lazy loading are in place. */
const WARM_UP_CALLS = 10;

interface Clients {
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
}

function clientsFor(endpoint: string, localAws: LocalAws): Clients {
  const config = {
    endpoint,
    region: localAws.region,
    credentials: { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
    // A failure should show as it is, not be hidden (and timed) inside retries.
    maxAttempts: 1,
  };
  return { kms: new KMSClient(config), logs: new CloudWatchLogsClient(config) };
}

/** Stops local AWS and removes the backend's log file, which the harness leaves for diagnosis. Safe to call twice. */
export async function stopAndRemoveLog(localAws: LocalAws): Promise<void> {
  await localAws.stop();
  if (localAws.logFile) rmSync(localAws.logFile, { force: true });
}

/** New local AWS instances, each started and stopped in turn; the log file of each is removed. */
async function startAndStopTimes(options: LocalAwsBenchOptions): Promise<{ start: number[]; stop: number[] }> {
  const start: number[] = [];
  const stop: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    options.progress(`local AWS: start/stop ${run}/${options.runs}`);
    const started = await timed(() => startLocalAws({ env: options.env }));
    const localAws = started.value;
    options.cleanup.add(`stop local AWS at ${localAws.endpoint}`, () => stopAndRemoveLog(localAws));
    start.push(started.ms);
    stop.push(await timeMs(() => localAws.stop()));
    await stopAndRemoveLog(localAws);
  }
  return { start, stop };
}

/**
 * Mean time per request on each path, the paths interleaved one by one with the order
 * rotating, so all see the same load.
 */
async function interleavedMs<K extends string>(requests: number, paths: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const names = Object.keys(paths) as K[];
  const total = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  for (let i = 0; i < requests; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      total[name] += await timeMs(paths[name]);
    }
  }
  return Object.fromEntries(names.map((name) => [name, total[name] / requests])) as Record<K, number>;
}

/** A log group and a key whose policy lets CloudWatch Logs use it for this account's detectors. */
async function detectorPrerequisites(clients: Clients, region: string): Promise<{ logGroupArn: string; keyArn: string }> {
  const logGroupName = `/bench/anomaly-detector-latency-${Date.now()}`;
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName }));
  const { KeyMetadata } = await clients.kms.send(new CreateKeyCommand({ Description: 'bench: CreateLogAnomalyDetector latency' }));
  const keyArn = KeyMetadata?.Arn;
  const account = KeyMetadata?.AWSAccountId;
  if (!keyArn || !account) throw new Error('CreateKey returned no key ARN or account');
  const policy = JSON.stringify(anomalyDetectorKeyPolicy({ region, account }));
  await clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: policy }));
  // Both are left to local AWS's stop: a KMS key cannot be deleted at once anyway.
  return { logGroupArn: `arn:${partitionOfRegion(region) ?? 'aws'}:logs:${region}:${account}:log-group:${logGroupName}`, keyArn };
}

/**
 * Section 3: local AWS start-up, the gateway's cost per forwarded request, and the latency of
 * CreateLogAnomalyDetector, which the gateway answers itself after checking the key and log
 * groups against the backend.
 */
export async function localAwsSection(options: LocalAwsBenchOptions): Promise<Section> {
  const { runs, requests, detectorCreates, shared, progress } = options;
  const lifecycle = await startAndStopTimes(options);

  const httpProxy = await startMinimalHttpProxy(shared.backendEndpoint);
  const tcpRelay = await startTcpRelay(shared.backendEndpoint);
  const gateway = clientsFor(shared.endpoint, shared);
  const direct = clientsFor(shared.backendEndpoint, shared);
  const viaHttpProxy = clientsFor(httpProxy.endpoint, shared);
  const viaTcpRelay = clientsFor(tcpRelay.endpoint, shared);
  try {
    const listKeys = (c: Clients) => () => c.kms.send(new ListKeysCommand({}));
    const describeLogGroups = (c: Clients) => () => c.logs.send(new DescribeLogGroupsCommand({}));
    const { logGroupArn, keyArn } = await detectorPrerequisites(gateway, shared.region);
    const createAndDelete = async (kmsKeyId: string | undefined, created: number[], deleted: number[]) => {
      const { ms, value } = await timed(() => gateway.logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId })));
      created.push(ms);
      deleted.push(await timeMs(() => gateway.logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn: value.anomalyDetectorArn }))));
    };

    const listKeysPaths = { gateway: listKeys(gateway), direct: listKeys(direct), httpProxy: listKeys(viaHttpProxy), tcpRelay: listKeys(viaTcpRelay) };
    const describePaths = { gateway: describeLogGroups(gateway), direct: describeLogGroups(direct) };
    await interleavedMs(WARM_UP_CALLS, listKeysPaths);
    await interleavedMs(WARM_UP_CALLS, describePaths);
    await createAndDelete(keyArn, [], []);

    const listKeysMs = { gateway: [] as number[], direct: [] as number[], httpProxy: [] as number[], tcpRelay: [] as number[] };
    const describeMs = { gateway: [] as number[], direct: [] as number[] };
    const createMs = { noKey: [] as number[], withKey: [] as number[] };
    const deleteMs: number[] = [];
    for (let run = 1; run <= runs; run++) {
      progress(`local AWS: requests, run ${run}/${runs}`);
      const keys = await interleavedMs(requests, listKeysPaths);
      for (const path of Object.keys(listKeysMs) as (keyof typeof listKeysMs)[]) listKeysMs[path].push(keys[path]);
      const groups = await interleavedMs(requests, describePaths);
      describeMs.gateway.push(groups.gateway);
      describeMs.direct.push(groups.direct);

      const created = { noKey: [] as number[], withKey: [] as number[] };
      const deleted: number[] = [];
      for (let i = 0; i < detectorCreates; i++) {
        const order = i % 2 === 0 ? ([undefined, keyArn] as const) : ([keyArn, undefined] as const);
        for (const kmsKeyId of order) await createAndDelete(kmsKeyId, kmsKeyId ? created.withKey : created.noKey, deleted);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      createMs.noKey.push(mean(created.noKey));
      createMs.withKey.push(mean(created.withKey));
      deleteMs.push(mean(deleted));
    }

    return {
      title: '3. Local AWS',
      figures: [
        msFigure(`startLocalAws() (${shared.backend} + gateway), until both answer`, lifecycle.start),
        msFigure('LocalAws.stop()', lifecycle.stop),
        msFigure('KMS ListKeys through the gateway, per request', listKeysMs.gateway),
        msFigure(`KMS ListKeys straight to ${shared.backend}, per request`, listKeysMs.direct),
        msFigure('KMS ListKeys through a minimal Node HTTP proxy (reference), per request', listKeysMs.httpProxy),
        msFigure('KMS ListKeys through a TCP byte relay (reference), per request', listKeysMs.tcpRelay),
        msFigure('Logs DescribeLogGroups through the gateway, per request', describeMs.gateway),
        msFigure(`Logs DescribeLogGroups straight to ${shared.backend}, per request`, describeMs.direct),
        msFigure('CreateLogAnomalyDetector without a key (answered by the gateway)', createMs.noKey),
        msFigure('CreateLogAnomalyDetector with a customer-managed key', createMs.withKey),
        msFigure('DeleteLogAnomalyDetector', deleteMs),
      ],
      ratios: [
        { label: 'ListKeys: gateway / direct', samples: pairwiseRatios(listKeysMs.gateway, listKeysMs.direct), targetMax: 1.1 },
        { label: 'DescribeLogGroups: gateway / direct', samples: pairwiseRatios(describeMs.gateway, describeMs.direct), targetMax: 1.1 },
        {
          label: 'ListKeys: minimal Node HTTP proxy / direct (the floor for an HTTP-aware hop)',
          samples: pairwiseRatios(listKeysMs.httpProxy, listKeysMs.direct),
        },
        { label: 'ListKeys: TCP byte relay / direct (the floor for any extra hop)', samples: pairwiseRatios(listKeysMs.tcpRelay, listKeysMs.direct) },
        { label: 'ListKeys: gateway / minimal Node HTTP proxy', samples: pairwiseRatios(listKeysMs.gateway, listKeysMs.httpProxy) },
        { label: 'CreateLogAnomalyDetector: with key / without', samples: pairwiseRatios(createMs.withKey, createMs.noKey) },
      ],
      notes: [
        `Start and stop: a new local AWS each run (\`LOCAL_AWS_BACKEND=${options.env.LOCAL_AWS_BACKEND ?? ''}\`), separate from the one the requests go to.`,
        `Forwarded requests: ${requests} per operation and run with AWS SDK v3 clients (keep-alive, no retries), through the gateway and straight to the backend (ListKeys also through two reference hops, bench/reference-hops.ts) interleaved one by one, the order rotating; per-request figures are each run's mean. The gateway runs in the bench's own process, as it does under \`npm start\` and the Jest global setup, so it shares an event loop with the client.`,
        `CreateLogAnomalyDetector: ${detectorCreates} creates per key choice and run, each deleted at once, with and without the key alternating. The gateway checks the log group in the backend either way (DescribeLogGroups); with a key it also reads the key (DescribeKey) and its policy (GetKeyPolicy: \`anomalyDetectorKeyPolicy\`, set with PutKeyPolicy) and evaluates the policy for CloudWatch Logs.`,
      ],
    };
  } finally {
    for (const c of [gateway, direct, viaHttpProxy, viaTcpRelay]) {
      c.kms.destroy();
      c.logs.destroy();
    }
    await httpProxy.close();
    await tcpRelay.close();
  }
}
