import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { kmsKeyIdChanges, PlanJson, ResourceChange } from '../terraform-runner/plan-json';
import { verifyAssociation, verifyKeyPolicy } from './verify-deployment';

const DETECTOR = 'aws_cloudwatch_log_anomaly_detector';
const KEY = 'aws_kms_key';

/** Throws unless CloudWatch Logs holds `keyArn` as the detector's `kmsKeyId`. */
export async function assertDetectorUsesKey(logs: CloudWatchLogsClient, detectorArn: string, keyArn: string): Promise<void> {
  const verification = await verifyAssociation(logs, detectorArn, keyArn);
  if (!verification.ok) throw new Error(`detector ${detectorArn} does not use key ${keyArn}: ${verification.detail}`);
}

/** Throws unless the key is Enabled and its policy lets CloudWatch Logs write and read the detector's data. */
export async function assertKeyServesDetector(kms: KMSClient, keyArn: string, detectorArn: string): Promise<void> {
  const verification = await verifyKeyPolicy(kms, keyArn, detectorArn);
  if (!verification.ok) throw new Error(`key ${keyArn} cannot serve detector ${detectorArn}: ${verification.detail}`);
}

const describe = (c: ResourceChange) => `${c.address} [${c.change.actions.join(', ')}]`;

/**
 * Throws unless the plan is what a key change must be: every detector whose `kms_key_id`
 * changes is replaced (CloudWatch Logs takes a key only at creation), and no key is deleted or
 * replaced. Returns the replaced detectors' addresses.
 */
export function assertKeyChangeReplacesDetector(plan: PlanJson): string[] {
  const changes = plan.resource_changes ?? [];
  const keyChanged = changes.filter((c) => c.type === DETECTOR && c.change.before !== null && kmsKeyIdChanges(c));
  if (keyChanged.length === 0) throw new Error('the plan changes no detector key');
  const notReplaced = keyChanged.filter((c) => !(c.change.actions.includes('delete') && c.change.actions.includes('create')));
  if (notReplaced.length > 0) throw new Error(`a key change must replace the detector, but the plan has ${notReplaced.map(describe).join('; ')}`);
  const keysLost = changes.filter((c) => c.type === KEY && c.change.actions.includes('delete'));
  if (keysLost.length > 0) throw new Error(`a key change must not delete a key, but the plan has ${keysLost.map(describe).join('; ')}`);
  return keyChanged.map((c) => c.address);
}
