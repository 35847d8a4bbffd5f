import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListLogAnomalyDetectorsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../../modules/aws/arns';
import { DetectorFacts, KeyFacts, LogGroupFacts, ReadError } from './audit-findings';
import { AUDIT_SESSION_NAME, auditSessionPolicy } from './audit-permissions';
import { ReadLimit } from './read-limit';

/** Credentials of one audited account; undefined means the SDK's default chain (the caller's own account). */
export interface AccountCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The clients audit reads one account's region with. */
export interface AuditClients {
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
}

/** A read audit could not make at all (who it runs as, which accounts exist): it names the call, and audit exits 2. */
export class AuditReadError extends Error {}

/** A read that failed for one account or region: the rest of the audit goes on, and it is reported. */
export class UnreadableError extends Error {
  constructor(
    readonly call: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** KMS answers these for a key that is gone or that this account may not read: facts about the key, not failures of audit. */
const KEY_READ_ERRORS = new Set([
  'NotFoundException',
  'AccessDeniedException',
  'KMSInvalidStateException',
  'InvalidArnException',
  'UnsupportedOperationException',
]);

const unreadable = (call: string, e: unknown) => new UnreadableError(call, (e as Error).name, (e as Error).message);

/** Who audit runs as: account and partition, from one GetCallerIdentity. */
export async function callerIdentity(clients: AuditClients, region: string, limit: ReadLimit): Promise<{ account: string; partition: string }> {
  try {
    const { Account, Arn } = await limit.run(() => clients.sts.send(new GetCallerIdentityCommand({})));
    if (!Account) throw new Error('no Account in the answer');
    return { account: Account, partition: (Arn && parseArn(Arn)?.partition) || 'aws' };
  } catch (e) {
    throw new AuditReadError(`sts:GetCallerIdentity in ${region} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
}

/** Every ACTIVE account of the caller's organization, following pagination. */
export async function organizationAccounts(clients: AuditClients, limit: ReadLimit): Promise<string[]> {
  const accounts: string[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await limit.run(() => clients.organizations.send(new ListAccountsCommand({ NextToken })));
      for (const a of page.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === 'ACTIVE') accounts.push(a.Id);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    throw new AuditReadError(`organizations:ListAccounts failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
  return accounts;
}

/** How audit enters another account. */
export interface AccountRole {
  readonly roleArn: string;
  /** Sent as AssumeRole's ExternalId, for a role whose trust policy asks for one. @default - none */
  readonly externalId?: string;
}

/**
 * Credentials in `account` through `role`, checked with one GetCallerIdentity: a role that
 * lands in another account is refused rather than audited under the wrong name. The session
 * carries audit's read-only session policy, whatever the role itself may do.
 * @throws UnreadableError naming the call that failed
 */
export async function assumeAccountRole(
  caller: AuditClients,
  { roleArn, externalId }: AccountRole,
  account: string,
  clientsWith: (credentials: AccountCredentials) => AuditClients,
  limit: ReadLimit,
): Promise<AccountCredentials> {
  let credentials: AccountCredentials;
  try {
    const { Credentials: c } = await limit.run(() =>
      caller.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: AUDIT_SESSION_NAME, Policy: auditSessionPolicy(), ExternalId: externalId })),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('the answer holds no credentials'), { name: 'NoCredentials' });
    credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (e) {
    throw unreadable(`sts:AssumeRole ${roleArn}`, e);
  }
  const clients = clientsWith(credentials);
  let landed: string | undefined;
  try {
    landed = (await limit.run(() => clients.sts.send(new GetCallerIdentityCommand({})))).Account;
  } catch (e) {
    throw unreadable('sts:GetCallerIdentity', e);
  }
  if (landed !== account)
    throw new UnreadableError(`sts:AssumeRole ${roleArn}`, 'WrongAccount', `the role's credentials are of account ${landed ?? 'unknown'}`);
  return credentials;
}

/**
 * Every detector of the region as ListLogAnomalyDetectors gives it, following pagination: the
 * listing carries every member GetLogAnomalyDetector does, kmsKeyId included, so no detector is read again.
 * @throws UnreadableError naming the call
 */
export async function listDetectors(clients: AuditClients, region: string, limit: ReadLimit): Promise<DetectorFacts[]> {
  const detectors: DetectorFacts[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await limit.run(() => clients.logs.send(new ListLogAnomalyDetectorsCommand({ nextToken })));
      for (const d of page.anomalyDetectors ?? []) {
        if (d.anomalyDetectorArn)
          detectors.push({
            detectorArn: d.anomalyDetectorArn,
            region,
            kmsKeyId: d.kmsKeyId || undefined,
            status: d.anomalyDetectorStatus,
            logGroupArns: (d.logGroupArnList ?? []).map(withoutWildcard),
          });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (e) {
    throw unreadable('logs:ListLogAnomalyDetectors', e);
  }
  return detectors;
}

/** The call that lists log groups, as UnreadableError names it. */
export const LOG_GROUPS_CALL = 'logs:DescribeLogGroups';

/** DescribeLogGroups' `arn` ends in `:*`; the ARN in the encryption context, and in a detector's list, does not. */
const withoutWildcard = (arn: string) => arn.replace(/:\*$/, '');

/**
 * Every log group of the region encrypted with a customer key, as DescribeLogGroups gives it,
 * following pagination: the listing carries `kmsKeyId`, so no log group is read again. A log
 * group without one is encrypted by CloudWatch Logs itself, and left out.
 * @throws UnreadableError naming the call
 */
export async function listEncryptedLogGroups(clients: AuditClients, region: string, limit: ReadLimit): Promise<LogGroupFacts[]> {
  const groups: LogGroupFacts[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await limit.run(() => clients.logs.send(new DescribeLogGroupsCommand({ nextToken })));
      for (const g of page.logGroups ?? []) {
        const arn = g.logGroupArn ?? (g.arn && withoutWildcard(g.arn));
        if (g.kmsKeyId && g.logGroupName && arn) groups.push({ logGroupArn: arn, logGroupName: g.logGroupName, region, kmsKeyId: g.kmsKeyId });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (e) {
    throw unreadable(LOG_GROUPS_CALL, e);
  }
  return groups;
}

/** One read of a key: its answer, or the error KMS gave about the key; any other failure throws UnreadableError. */
async function keyRead<T>(call: string, keyArn: string, read: () => Promise<T>): Promise<T | ReadError> {
  try {
    return await read();
  } catch (e) {
    const name = (e as Error).name;
    if (KEY_READ_ERRORS.has(name)) return { failed: call, code: name, message: (e as Error).message };
    throw unreadable(`${call} ${keyArn}`, e);
  }
}

/** DescribeKey, GetKeyPolicy and GetKeyRotationStatus of one key, side by side. */
export async function readKey(clients: AuditClients, keyArn: string, limit: ReadLimit): Promise<KeyFacts> {
  const { kms } = clients;
  const [metadata, policy, rotationEnabled] = await Promise.all([
    keyRead('kms:DescribeKey', keyArn, async () => {
      const { KeyMetadata: m } = await limit.run(() => kms.send(new DescribeKeyCommand({ KeyId: keyArn })));
      return { keyState: m?.KeyState, keySpec: m?.KeySpec, keyManager: m?.KeyManager, deletionDate: m?.DeletionDate };
    }),
    keyRead(
      'kms:GetKeyPolicy',
      keyArn,
      async () => (await limit.run(() => kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' })))).Policy ?? '{}',
    ),
    keyRead(
      'kms:GetKeyRotationStatus',
      keyArn,
      async () => (await limit.run(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn })))).KeyRotationEnabled ?? false,
    ),
  ]);
  return { keyArn, metadata, policy, rotationEnabled };
}
