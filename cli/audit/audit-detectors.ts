import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../../modules/aws/arns';
import { AuditFinding, AuditSeverity, DetectorFacts, detectorFindings, KeyFacts } from './audit-findings';
import { AuditReadError, callerAccount, listDetectorArns, mapBounded, readDetector, readKey, RegionClients } from './read-aws';

/** How many reads audit has in flight at once: enough to hide latency, few enough for KMS's request quotas. */
export const AUDIT_CONCURRENCY = 8;

export interface AuditRequest {
  readonly regions: readonly string[];
  /** @default - every detector of each region */
  readonly detectorArns?: readonly string[];
  readonly requireCustomerKey?: AuditSeverity;
  /** @default - AWS SDK v3 clients with the default credential chain, at `endpoint` */
  readonly clients?: (region: string) => RegionClients;
  /** The endpoint of every service, as `AWS_ENDPOINT_URL` gives it. @default - the SDK's own resolution */
  readonly endpoint?: string;
  /** @default AUDIT_CONCURRENCY */
  readonly concurrency?: number;
}

export interface AuditedDetector {
  readonly detectorArn: string;
  readonly region: string;
  readonly kmsKeyId: string | null;
  readonly findings: readonly AuditFinding[];
}

export interface AuditReport {
  readonly regions: readonly string[];
  /** Detectors listed that GetLogAnomalyDetector no longer finds: deleted while audit ran. */
  readonly missing: readonly string[];
  readonly detectors: readonly AuditedDetector[];
}

const defaultClients = (region: string, endpoint: string | undefined): RegionClients => ({
  logs: new CloudWatchLogsClient({ region, endpoint }),
  kms: new KMSClient({ region, endpoint }),
  sts: new STSClient({ region, endpoint }),
});

/**
 * Reads what AWS holds and says which detectors' data is at risk: every detector of each region
 * (or the ones given), and each distinct key once (keys are regional, so a key is read in its
 * own region).
 * @throws AuditReadError naming the call and region when a read fails for another reason than the key itself
 */
export async function auditDetectors(request: AuditRequest): Promise<AuditReport> {
  const clientsOf = new Map<string, RegionClients>();
  const clients = (region: string) => {
    let c = clientsOf.get(region);
    if (!c) clientsOf.set(region, (c = request.clients ? request.clients(region) : defaultClients(region, request.endpoint)));
    return c;
  };
  const limit = request.concurrency ?? AUDIT_CONCURRENCY;
  try {
    const account = await callerAccount(clients(request.regions[0]), request.regions[0]);
    const targets: Array<{ region: string; arn: string }> = [];
    if (request.detectorArns) {
      for (const arn of request.detectorArns) targets.push({ region: parseArn(arn)?.region ?? request.regions[0], arn });
    } else {
      for (const region of request.regions) for (const arn of await listDetectorArns(clients(region), region)) targets.push({ region, arn });
    }
    const read = await mapBounded(targets, limit, ({ region, arn }) => readDetector(clients(region), region, arn));
    const detectors = read.filter((d): d is DetectorFacts => d !== undefined);
    const missing = targets.filter((_, i) => read[i] === undefined).map((t) => t.arn);
    if (request.detectorArns && missing.length > 0) {
      throw new AuditReadError(`logs:GetLogAnomalyDetector found no detector ${missing.join(', ')} (ResourceNotFoundException)`);
    }
    const keyArns = [...new Set(detectors.flatMap((d) => (d.kmsKeyId ? [d.kmsKeyId] : [])))];
    const keys = new Map<string, KeyFacts>();
    await mapBounded(keyArns, limit, async (keyArn) => {
      keys.set(keyArn, await readKey(clients(parseArn(keyArn)?.region ?? request.regions[0]), keyArn));
    });
    return {
      regions: request.regions,
      missing,
      detectors: detectors.map((d) => ({
        detectorArn: d.detectorArn,
        region: d.region,
        kmsKeyId: d.kmsKeyId ?? null,
        findings: detectorFindings(d, d.kmsKeyId ? keys.get(d.kmsKeyId) : undefined, {
          callerAccount: account,
          requireCustomerKey: request.requireCustomerKey,
        }),
      })),
    };
  } finally {
    if (!request.clients) for (const c of clientsOf.values()) for (const client of [c.logs, c.kms, c.sts]) client.destroy();
  }
}
