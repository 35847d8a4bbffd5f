import { parseArn } from '../../modules/aws/arns';
import { UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { deniedLogsCalls } from '../../modules/logs-key-access';
import { SYMMETRIC_KEY_SPEC } from '../../modules/aws/kms';

export type AuditSeverity = 'blocking' | 'warning';

/** Stable ids of what audit finds, so users can grep, count or allow one of them. */
export const AUDIT_RULES = {
  keyPendingDeletion: 'key-pending-deletion',
  keyDisabled: 'key-disabled',
  keyUnreadable: 'key-unreadable',
  keyNotSymmetric: 'key-not-symmetric',
  keyPolicyDeniesLogs: 'key-policy-denies-logs',
  keyPolicyUnreadable: 'key-policy-unreadable',
  keyRotationOff: 'key-rotation-off',
  detectorFailed: 'detector-failed',
  awsOwnedKey: 'aws-owned-key',
} as const;
export type AuditRule = (typeof AUDIT_RULES)[keyof typeof AUDIT_RULES];

export interface AuditFinding {
  readonly severity: AuditSeverity;
  readonly rule: AuditRule;
  readonly message: string;
}

/** A detector as ListLogAnomalyDetectors gave it. */
export interface DetectorFacts {
  readonly detectorArn: string;
  readonly region: string;
  readonly kmsKeyId?: string;
  readonly status?: string;
}

/** A key as KMS gave it to the auditing account; each read is its answer or the error it failed with. */
export interface KeyFacts {
  readonly keyArn: string;
  readonly metadata: { readonly keyState?: string; readonly keySpec?: string; readonly keyManager?: string; readonly deletionDate?: Date } | ReadError;
  readonly policy: string | ReadError;
  readonly rotationEnabled: boolean | ReadError;
}

/** A read that failed: the call and AWS's error. */
export interface ReadError {
  readonly failed: string;
  readonly code: string;
  readonly message: string;
}

export const isReadError = (value: unknown): value is ReadError => typeof value === 'object' && value !== null && 'failed' in value;

export interface AuditOptions {
  /** The account the key was read from: a key of another account may not be readable from it. */
  readonly callerAccount: string;
  /** A detector on CloudWatch Logs' own key is a finding of this severity. @default - not a finding */
  readonly requireCustomerKey?: AuditSeverity;
  /** @default - now */
  readonly now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const lost = "the detector's encrypted data (its model and findings) cannot be retrieved";

/** What puts one detector's data at risk, given its key's facts. */
export function detectorFindings(detector: DetectorFacts, key: KeyFacts | undefined, options: AuditOptions): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const add = (severity: AuditSeverity, rule: AuditRule, message: string) => findings.push({ severity, rule, message });
  if (detector.status === 'FAILED')
    add('warning', AUDIT_RULES.detectorFailed, 'The detector is FAILED: it finds no anomalies until it is fixed or made again.');
  if (detector.kmsKeyId === undefined) {
    if (options.requireCustomerKey) {
      add(options.requireCustomerKey, AUDIT_RULES.awsOwnedKey, "The detector uses CloudWatch Logs' own key, not a customer-managed KMS key.");
    }
    return findings;
  }
  // A key that could not be read for another reason than the key itself (throttled beyond retries, the network) is reported as unreadable, not judged.
  if (key === undefined) return findings;
  const keyAccount = parseArn(key.keyArn)?.account;
  const foreign = keyAccount !== undefined && keyAccount !== options.callerAccount;

  if (isReadError(key.metadata)) {
    if (foreign) {
      add(
        'warning',
        AUDIT_RULES.keyPolicyUnreadable,
        `Key ${key.keyArn} belongs to account ${keyAccount} and cannot be read from ${options.callerAccount} (${key.metadata.failed}: ${key.metadata.code}): its state and policy are unknown; audit account ${keyAccount} too (--accounts) to read it there.`,
      );
    } else {
      add(
        'blocking',
        AUDIT_RULES.keyUnreadable,
        `Key ${key.keyArn} cannot be read (${key.metadata.failed}: ${key.metadata.code}: ${key.metadata.message}): if it is gone, ${lost}.`,
      );
    }
    return findings;
  }
  const { keyState, keySpec, deletionDate } = key.metadata;
  if (keyState === 'PendingDeletion') {
    const when = deletionDate
      ? `on ${deletionDate.toISOString()}, in ${Math.max(0, Math.ceil((deletionDate.getTime() - (options.now ?? new Date()).getTime()) / DAY_MS))} days`
      : 'at a date KMS did not give';
    add('blocking', AUDIT_RULES.keyPendingDeletion, `Key ${key.keyArn} is pending deletion ${when}: then ${lost}. Cancel it with kms cancel-key-deletion.`);
  } else if (keyState !== 'Enabled') {
    add('blocking', AUDIT_RULES.keyDisabled, `Key ${key.keyArn} is ${keyState ?? 'in an unknown state'}, not Enabled: until it is enabled again, ${lost}.`);
  }
  if (keySpec !== undefined && keySpec !== SYMMETRIC_KEY_SPEC) {
    add('blocking', AUDIT_RULES.keyNotSymmetric, `Key ${key.keyArn} is ${keySpec}, not ${SYMMETRIC_KEY_SPEC}: CloudWatch Logs supports only symmetric keys.`);
  }
  if (isReadError(key.policy)) {
    if (foreign) {
      add(
        'warning',
        AUDIT_RULES.keyPolicyUnreadable,
        `Key ${key.keyArn} belongs to account ${keyAccount}, whose key policy cannot be read from ${options.callerAccount} (${key.policy.failed}: ${key.policy.code}); audit account ${keyAccount} too (--accounts) to read it there.`,
      );
    } else {
      add(
        'blocking',
        AUDIT_RULES.keyUnreadable,
        `The policy of key ${key.keyArn} cannot be read (${key.policy.failed}: ${key.policy.code}: ${key.policy.message}).`,
      );
    }
  } else {
    const missing = missingForDetector(key.policy, key.keyArn, detector.detectorArn);
    if (missing === undefined) {
      add('warning', AUDIT_RULES.keyPolicyUnreadable, `The policy of key ${key.keyArn} uses what this evaluator does not implement: review it by hand.`);
    } else if (missing.length > 0) {
      add(
        'blocking',
        AUDIT_RULES.keyPolicyDeniesLogs,
        `The policy of key ${key.keyArn} no longer lets CloudWatch Logs use it for this detector: ${missing.join('; ')}; ${lost}.`,
      );
    }
  }
  if (key.rotationEnabled === false) add('warning', AUDIT_RULES.keyRotationOff, `Key ${key.keyArn} has automatic rotation off.`);
  return findings;
}

/** The calls CloudWatch Logs needs that the policy denies for this detector ARN, said one each; undefined when the policy cannot be evaluated. */
function missingForDetector(policy: string, keyArn: string, detectorArn: string): string[] | undefined {
  const arn = parseArn(detectorArn);
  if (!arn) return [`the detector ARN ${detectorArn} cannot be read`];
  const scope = { partition: arn.partition, region: arn.region, account: arn.account };
  try {
    return deniedLogsCalls(policy, scope, keyArn, detectorArn).map(
      ({ action, contextKey, evaluation }) =>
        `${action} under ${contextKey} is ${evaluation.decision === 'explicit-deny' ? `denied by ${evaluation.deniedBy.join(', ')}` : 'allowed by no statement'}`,
    );
  } catch (e) {
    if (e instanceof UnsupportedPolicyError) return undefined;
    throw e;
  }
}
