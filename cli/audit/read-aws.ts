import { CloudWatchLogsClient, GetLogAnomalyDetectorCommand, paginateListLogAnomalyDetectors } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../../modules/aws/arns';
import { DetectorFacts, KeyFacts, ReadError } from './audit-findings';

/** Every call audit makes: all read-only, as `read-only-policy.json` grants them. */
export const AUDIT_READ_ACTIONS = [
  'logs:ListLogAnomalyDetectors',
  'logs:GetLogAnomalyDetector',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'sts:GetCallerIdentity',
] as const;

/** The clients audit reads one region with. */
export interface RegionClients {
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
}

/** A read audit could not make: it names the call and the region, and audit exits 2. */
export class AuditReadError extends Error {}

/** KMS answers these for a key that is gone or that this account may not read: facts about the key, not failures of audit. */
const KEY_READ_ERRORS = new Set([
  'NotFoundException',
  'AccessDeniedException',
  'KMSInvalidStateException',
  'InvalidArnException',
  'UnsupportedOperationException',
]);

/** Runs `task` on every item, at most `limit` at a time; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const failure = (call: string, region: string, e: unknown) =>
  new AuditReadError(`${call} in ${region} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });

export async function callerAccount(clients: RegionClients, region: string): Promise<string> {
  try {
    const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('no Account in the answer');
    return Account;
  } catch (e) {
    throw failure('sts:GetCallerIdentity', region, e);
  }
}

/** Every detector ARN of the region, following pagination. */
export async function listDetectorArns(clients: RegionClients, region: string): Promise<string[]> {
  const arns: string[] = [];
  try {
    for await (const page of paginateListLogAnomalyDetectors({ client: clients.logs }, {})) {
      for (const d of page.anomalyDetectors ?? []) if (d.anomalyDetectorArn) arns.push(d.anomalyDetectorArn);
    }
  } catch (e) {
    throw failure('logs:ListLogAnomalyDetectors', region, e);
  }
  return arns;
}

/** undefined when the detector is gone: deleted since it was listed, or never there (`--detector`). */
export async function readDetector(clients: RegionClients, region: string, detectorArn: string): Promise<DetectorFacts | undefined> {
  try {
    const d = await clients.logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }));
    return { detectorArn, region, kmsKeyId: d.kmsKeyId || undefined, status: d.anomalyDetectorStatus };
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw failure(`logs:GetLogAnomalyDetector ${detectorArn}`, region, e);
  }
}

/** One read of a key: its answer, or the error KMS gave about the key; any other failure throws. */
async function keyRead<T>(call: string, region: string, read: () => Promise<T>): Promise<T | ReadError> {
  try {
    return await read();
  } catch (e) {
    const name = (e as Error).name;
    if (KEY_READ_ERRORS.has(name)) return { failed: call, code: name, message: (e as Error).message };
    throw failure(call, region, e);
  }
}

/** DescribeKey, GetKeyPolicy and GetKeyRotationStatus of one key, side by side. */
export async function readKey(clients: RegionClients, keyArn: string): Promise<KeyFacts> {
  const region = parseArn(keyArn)?.region ?? 'an unknown region';
  const { kms } = clients;
  const [metadata, policy, rotationEnabled] = await Promise.all([
    keyRead('kms:DescribeKey', region, async () => {
      const { KeyMetadata: m } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
      return { keyState: m?.KeyState, keySpec: m?.KeySpec, keyManager: m?.KeyManager, deletionDate: m?.DeletionDate };
    }),
    keyRead('kms:GetKeyPolicy', region, async () => (await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))).Policy ?? '{}'),
    keyRead('kms:GetKeyRotationStatus', region, async () => (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }))).KeyRotationEnabled ?? false),
  ]);
  return { keyArn, metadata, policy, rotationEnabled };
}
