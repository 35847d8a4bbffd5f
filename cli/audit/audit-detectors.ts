import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../../modules/aws/arns';
import { DEFAULT_AUDIT_ROLE_NAME } from './audit-permissions';
import { AuditFinding, AuditSeverity, DetectorFacts, detectorFindings, KeyFacts, LogGroupFacts, logGroupFindings } from './audit-findings';
import {
  AccountCredentials,
  AuditClients,
  AuditReadError,
  assumeAccountRole,
  callerIdentity,
  listDetectors,
  listEncryptedLogGroups,
  LOG_GROUPS_CALL,
  organizationAccounts,
  readKey,
  UnreadableError,
} from './read-aws';
import { ReadLimit } from './read-limit';

/** How many reads audit has in flight at once: enough to hide latency, few enough for KMS's request quotas. */
export const AUDIT_CONCURRENCY = 8;

/** Makes the clients of one region, with an account's credentials (undefined: the default chain, the caller's own account). */
export type AuditClientFactory = (region: string, credentials: AccountCredentials | undefined) => AuditClients;

export interface AuditRequest {
  readonly regions: readonly string[];
  /** Audit only these detectors, and of the log groups only those they watch. @default - every detector and encrypted log group of each region */
  readonly detectorArns?: readonly string[];
  /** Accounts to audit; the caller's own is read with its own credentials, any other through `roleName`. @default - the caller's account */
  readonly accounts?: readonly string[];
  /** Audit every ACTIVE account of the caller's organization. @default false */
  readonly organization?: boolean;
  /** The role assumed in every account but the caller's own; its session reads only, whatever the role may do. @default DEFAULT_AUDIT_ROLE_NAME */
  readonly roleName?: string;
  /** Sent with every AssumeRole, for roles whose trust asks for one. @default - none */
  readonly externalId?: string;
  readonly requireCustomerKey?: AuditSeverity;
  /** @default - AWS SDK v3 clients (adaptive retry mode) at `endpoint` */
  readonly clients?: AuditClientFactory;
  /** The endpoint of every service, as `AWS_ENDPOINT_URL` gives it. @default - the SDK's own resolution */
  readonly endpoint?: string;
  /** @default AUDIT_CONCURRENCY */
  readonly concurrency?: number;
}

export interface AuditedDetector {
  readonly detectorArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly kmsKeyId: string | null;
  readonly findings: readonly AuditFinding[];
}

/** A log group encrypted with a customer key, and what puts its events at risk. */
export interface AuditedLogGroup {
  readonly logGroupArn: string;
  readonly logGroupName: string;
  readonly accountId: string;
  readonly region: string;
  readonly kmsKeyId: string;
  readonly findings: readonly AuditFinding[];
}

/** What audit could not read: the account (and region, when the account itself was readable), the call and AWS's error. */
export interface UnreadableTarget {
  readonly accountId: string;
  readonly region: string | null;
  readonly call: string;
  readonly code: string;
  readonly message: string;
}

export interface AuditReport {
  readonly regions: readonly string[];
  /** Every account audit was asked to read, in order, readable or not. */
  readonly accounts: readonly string[];
  readonly detectors: readonly AuditedDetector[];
  /** The log groups with a customer key (one without is encrypted by CloudWatch Logs itself). */
  readonly logGroups: readonly AuditedLogGroup[];
  readonly unreadable: readonly UnreadableTarget[];
  /** When audit read AWS. */
  readonly time: Date;
}

/** The SDK client settings audit reads with. Adaptive mode retries throttling and slows the client down: a throttled read is retried, never a finding. */
export function auditClientConfig(region: string, endpoint: string | undefined, credentials: AccountCredentials | undefined) {
  return { region, endpoint, credentials, retryMode: 'adaptive' };
}

const defaultClients =
  (endpoint: string | undefined): AuditClientFactory =>
  (region, credentials) => {
    const config = auditClientConfig(region, endpoint, credentials);
    return { logs: new CloudWatchLogsClient(config), kms: new KMSClient(config), sts: new STSClient(config), organizations: new OrganizationsClient(config) };
  };

/** The accounts the ARNs name, in order. */
const accountsOf = (arns: readonly string[]) => [...new Set(arns.map((arn) => parseArn(arn)?.account ?? ''))];

/**
 * Reads what AWS holds and says which detectors' data, and which log groups' events, are at risk:
 * every detector and every log group with a customer key of each account and region (or the
 * detectors given, and the log groups they watch), from the listings alone, and each distinct
 * key once, whether detectors, log groups or both use it, with the
 * credentials of the account that owns it when that account is audited too (keys are regional,
 * so a key is read in its own region). Every read goes through one bound.
 * @throws AuditReadError when who audit runs as, or which accounts the organization has, cannot be read
 */
export async function auditDetectors(request: AuditRequest): Promise<AuditReport> {
  const factory = request.clients ?? defaultClients(request.endpoint);
  const limit = new ReadLimit(request.concurrency ?? AUDIT_CONCURRENCY);
  const home = request.regions[0];
  const time = new Date();
  // One set of clients per account and region, made on first use; an account's credentials are
  // undefined for the caller's own (the default chain), its role's for any other.
  const made = new Map<string, AuditClients>();
  const credentialsOf = new Map<string, AccountCredentials | undefined>();
  const clientsOf = (account: string, region: string, credentials = credentialsOf.get(account)): AuditClients => {
    let c = made.get(`${account} ${region}`);
    if (!c) made.set(`${account} ${region}`, (c = factory(region, credentials)));
    return c;
  };
  try {
    // Made before the caller's account is known, then filed under it.
    const callerClients = clientsOf('', home, undefined);
    const caller = await callerIdentity(callerClients, home, limit);
    made.set(`${caller.account} ${home}`, callerClients);
    credentialsOf.set(caller.account, undefined);
    const accounts = request.detectorArns
      ? accountsOf(request.detectorArns)
      : request.organization
        ? await organizationAccounts(clientsOf(caller.account, home), limit)
        : [...new Set(request.accounts ?? [caller.account])];
    const roleName = request.roleName ?? DEFAULT_AUDIT_ROLE_NAME;
    const unreadable: UnreadableTarget[] = [];
    const unread = (accountId: string, region: string | null, e: unknown) => {
      if (!(e instanceof UnreadableError)) throw e;
      unreadable.push({ accountId, region, call: e.call, code: e.code, message: e.message });
    };

    // Every account but the caller's own is read through the role; one that cannot be assumed is reported and left out.
    await Promise.all(
      accounts
        .filter((account) => account !== caller.account)
        .map(async (account) => {
          const role = { roleArn: `arn:${caller.partition}:iam::${account}:role/${roleName}`, externalId: request.externalId };
          try {
            const assumed = await assumeAccountRole(clientsOf(caller.account, home), role, account, (c) => clientsOf(account, home, c), limit);
            credentialsOf.set(account, assumed);
          } catch (e) {
            unread(account, null, e);
          }
        }),
    );
    const readable = accounts.filter((account) => credentialsOf.has(account));

    // The account and region pairs to list: all of them, or those the named detectors are in.
    const pairs = readable.flatMap((account) =>
      request.regions
        .filter((region) => !request.detectorArns || request.detectorArns.some((arn) => parseArn(arn)?.account === account && parseArn(arn)?.region === region))
        .map((region) => ({ account, region })),
    );
    // Per account and region, the detector listing and one DescribeLogGroups walk, side by side.
    const listed = await Promise.all(
      pairs.map(async ({ account, region }) => {
        const clients = clientsOf(account, region);
        // Either listing may fail alone: it is reported, and the other still audited.
        const orNone = <T>(e: unknown): T[] => {
          unread(account, region, e);
          return [];
        };
        const [detectors, logGroups] = await Promise.all([
          listDetectors(clients, region, limit).catch(orNone<DetectorFacts>),
          listEncryptedLogGroups(clients, region, limit).catch(orNone<LogGroupFacts>),
        ]);
        return { detectors, logGroups };
      }),
    );
    let detectors = listed.flatMap((l) => l.detectors);
    let logGroups: LogGroupFacts[] = listed.flatMap((l) => l.logGroups);
    if (request.detectorArns) {
      const named = new Set(request.detectorArns);
      detectors = detectors.filter((d) => named.has(d.detectorArn));
      const found = new Set(detectors.map((d) => d.detectorArn));
      const unreadAccounts = new Set(unreadable.filter((u) => u.call !== LOG_GROUPS_CALL).map((u) => u.accountId));
      const missing = request.detectorArns.filter((arn) => !found.has(arn) && !unreadAccounts.has(parseArn(arn)?.account ?? ''));
      if (missing.length > 0) throw new AuditReadError(`logs:ListLogAnomalyDetectors lists no detector ${missing.join(', ')}`);
      const watched = new Set(detectors.flatMap((d) => d.logGroupArns ?? []));
      logGroups = logGroups.filter((g) => watched.has(g.logGroupArn));
    }

    // Each key once, for detectors and log groups alike: read by its own account when that is
    // audited (only it may read the policy), else by the first account using it.
    const readers = new Map<string, string>();
    const users = [
      ...detectors.map((d) => ({ kmsKeyId: d.kmsKeyId, arn: d.detectorArn })),
      ...logGroups.map((g) => ({ kmsKeyId: g.kmsKeyId, arn: g.logGroupArn })),
    ];
    for (const { kmsKeyId, arn } of users) {
      if (!kmsKeyId) continue;
      const owner = parseArn(kmsKeyId)?.account;
      if (owner !== undefined && credentialsOf.has(owner)) readers.set(kmsKeyId, owner);
      else if (!readers.has(kmsKeyId)) readers.set(kmsKeyId, parseArn(arn)?.account ?? caller.account);
    }
    const keys = new Map<string, KeyFacts>();
    await Promise.all(
      [...readers].map(async ([keyArn, reader]) => {
        const region = parseArn(keyArn)?.region ?? home;
        try {
          keys.set(keyArn, await readKey(clientsOf(reader, region), keyArn, limit));
        } catch (e) {
          unread(reader, region, e);
        }
      }),
    );

    return {
      regions: request.regions,
      accounts,
      time,
      unreadable,
      detectors: detectors.map((d) => {
        const accountId = parseArn(d.detectorArn)?.account ?? '';
        return {
          detectorArn: d.detectorArn,
          accountId,
          region: d.region,
          kmsKeyId: d.kmsKeyId ?? null,
          findings: detectorFindings(d, d.kmsKeyId ? keys.get(d.kmsKeyId) : undefined, {
            callerAccount: d.kmsKeyId ? (readers.get(d.kmsKeyId) ?? accountId) : accountId,
            requireCustomerKey: request.requireCustomerKey,
          }),
        };
      }),
      logGroups: logGroups.map((g) => {
        const accountId = parseArn(g.logGroupArn)?.account ?? '';
        return {
          logGroupArn: g.logGroupArn,
          logGroupName: g.logGroupName,
          accountId,
          region: g.region,
          kmsKeyId: g.kmsKeyId,
          findings: logGroupFindings(g, keys.get(g.kmsKeyId), { callerAccount: readers.get(g.kmsKeyId) ?? accountId }),
        };
      }),
    };
  } finally {
    if (!request.clients) for (const c of new Set(made.values())) for (const client of [c.logs, c.kms, c.sts, c.organizations]) client.destroy();
  }
}
