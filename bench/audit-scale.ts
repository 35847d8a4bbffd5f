import { CloudWatchLogsClient, CreateLogAnomalyDetectorCommand, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { AuditClientFactory, auditDetectors } from '../cli/audit/audit-detectors';
import { LocalAws } from '../localstack/local-aws';
import { anomalyDetectorKeyPolicy } from '../modules/key-policy';
import { pairwiseRatios, timed } from './measure';
import { countFigure, msFigure, Section } from './results';

export interface AuditScaleOptions {
  readonly runs: number;
  readonly detectors: number;
  readonly keys: number;
  readonly localAws: LocalAws;
  readonly progress: (line: string) => void;
}

/** A region no other section uses, so "every detector of the region" is exactly these. */
const REGION = 'eu-north-1';
/** Detectors created at once while setting up: the gateway checks key and log group for each. */
const CREATE_CONCURRENCY = 8;

/** Clients as audit makes them (adaptive retry), at local AWS, with every call counted. */
function countingClients(localAws: LocalAws, calls: { count: number }): AuditClientFactory {
  return (region, credentials) => {
    const config = {
      region,
      endpoint: localAws.endpoint,
      retryMode: 'adaptive',
      credentials: credentials ?? { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
    };
    const clients = {
      logs: new CloudWatchLogsClient(config),
      kms: new KMSClient(config),
      sts: new STSClient(config),
      organizations: new OrganizationsClient(config),
    };
    const count = { step: 'initialize' as const };
    clients.logs.middlewareStack.add((next) => (args) => (calls.count++, next(args)), count);
    clients.kms.middlewareStack.add((next) => (args) => (calls.count++, next(args)), count);
    clients.sts.middlewareStack.add((next) => (args) => (calls.count++, next(args)), count);
    clients.organizations.middlewareStack.add((next) => (args) => (calls.count++, next(args)), count);
    return clients;
  };
}

/** `detectors` detectors spread over `keys` usable keys, in REGION of local AWS's default account. */
async function makeDetectors(options: AuditScaleOptions): Promise<void> {
  const { localAws, detectors, keys } = options;
  const config = { region: REGION, endpoint: localAws.endpoint, credentials: { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey } };
  const kms = new KMSClient(config);
  const logs = new CloudWatchLogsClient(config);
  try {
    const logGroupName = `/bench/audit-${Date.now()}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const keyArns: string[] = [];
    for (let k = 0; k < keys; k++) {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `bench: audit key ${k}` }));
      const policy = JSON.stringify(anomalyDetectorKeyPolicy({ region: REGION, account: KeyMetadata!.AWSAccountId! }));
      await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, PolicyName: 'default', Policy: policy }));
      await kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId! }));
      keyArns.push(KeyMetadata!.Arn!);
    }
    const logGroupArn = `arn:aws:logs:${REGION}:${keyArns[0].split(':')[4]}:log-group:${logGroupName}`;
    for (let i = 0; i < detectors; i += CREATE_CONCURRENCY) {
      if (i % 200 === 0) options.progress(`audit: creating detectors ${i}/${detectors}`);
      await Promise.all(
        Array.from({ length: Math.min(CREATE_CONCURRENCY, detectors - i) }, (_, j) =>
          logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: keyArns[(i + j) % keys] })),
        ),
      );
    }
  } finally {
    kms.destroy();
    logs.destroy();
  }
}

/**
 * Section 5: `audit` of many detectors on few keys, serial (one read in flight) and with the
 * default bound of 8, run after run in turn: the calls it makes and the time it takes.
 */
export async function auditScaleSection(options: AuditScaleOptions): Promise<Section> {
  const { runs, detectors, keys, localAws, progress } = options;
  await makeDetectors(options);
  const serialMs: number[] = [];
  const boundedMs: number[] = [];
  const calls: number[] = [];
  for (let run = 1; run <= runs; run++) {
    progress(`audit: ${detectors} detectors, run ${run}/${runs}`);
    for (const [concurrency, times] of [
      [1, serialMs],
      [8, boundedMs],
    ] as const) {
      const counted = { count: 0 };
      const { ms, value } = await timed(() => auditDetectors({ regions: [REGION], concurrency, clients: countingClients(localAws, counted) }));
      if (value.detectors.length !== detectors) throw new Error(`audit read ${value.detectors.length} detectors, ${detectors} were made`);
      times.push(ms);
      calls.push(counted.count);
    }
  }
  return {
    title: '5. Audit at scale',
    figures: [
      countFigure(`calls audit makes for ${detectors} detectors on ${keys} keys (each run, serial and --concurrency 8)`, calls),
      msFigure(`audit of ${detectors} detectors on ${keys} keys, serial (--concurrency 1)`, serialMs),
      msFigure(`audit of ${detectors} detectors on ${keys} keys, --concurrency 8 (default)`, boundedMs),
    ],
    ratios: [{ label: 'audit: serial / --concurrency 8', samples: pairwiseRatios(serialMs, boundedMs) }],
    notes: [
      `${detectors} detectors on ${keys} keys in ${REGION} of local AWS's default account, made through the gateway before timing. Calls: one GetCallerIdentity, ceil(${detectors} / 50) ListLogAnomalyDetectors pages, the DescribeLogGroups pages (one while the region holds at most 50 log groups), and DescribeKey, GetKeyPolicy and GetKeyRotationStatus once per key; no GetLogAnomalyDetector. Audit runs in the bench's process, as does the gateway; the listing pages follow each other, so only the key reads overlap.`,
    ],
  };
}
