import { parseArn } from '../../modules/aws/arns';
import { ParsedKeyPolicy, parseKeyPolicy, UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { deniedLogGroupCalls } from '../../modules/log-group-key-access';
import { DeniedLogsCall, deniedLogsCalls } from '../../modules/logs-key-access';
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
  /** The log groups it watches. @default - none known */
  readonly logGroupArns?: readonly string[];
}

/** A log group encrypted with a customer key, as DescribeLogGroups gave it. */
export interface LogGroupFacts {
  /** Without DescribeLogGroups' trailing `:*`: the ARN CloudWatch Logs puts in the encryption context. */
  readonly logGroupArn: string;
  readonly logGroupName: string;
  readonly region: string;
  readonly kmsKeyId: string;
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
const detectorLost = "the detector's encrypted data (its model and findings) cannot be retrieved";
const logGroupLost = "the log group's encrypted events cannot be read, and CloudWatch Logs cannot write new ones";
/** Without these CloudWatch Logs can neither write a log group's events nor read them back; the guide's other grants alone are a warning. */
const LOG_GROUP_DATA_CALLS: readonly string[] = ['kms:GenerateDataKey', 'kms:Decrypt'];

type Add = (severity: AuditSeverity, rule: AuditRule, message: string) => void;

/** What puts one detector's data at risk, given its key's facts. */
export function detectorFindings(detector: DetectorFacts, key: KeyFacts | undefined, options: AuditOptions): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const add: Add = (severity, rule, message) => findings.push({ severity, rule, message });
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
  keyFindings(key, options, detectorLost, add, (policy) => {
    const denied = deniedFor(deniedLogsCalls, policy, key.keyArn, detector.detectorArn, 'detector');
    if (denied === undefined) return undefined;
    if (denied.length === 0) return [];
    const reasons = typeof denied === 'string' ? denied : denied.map(said).join('; ');
    return [{ severity: 'blocking', said: `for this detector: ${reasons}; ${detectorLost}` }];
  });
  return findings;
}

/**
 * What puts one log group's events at risk, given its key's facts: the same key rules as a
 * detector's, its policy judged for the log group's ARN. A denied GenerateDataKey or Decrypt is
 * blocking; the guide's other grants denied alone, a warning.
 */
export function logGroupFindings(logGroup: LogGroupFacts, key: KeyFacts | undefined, options: AuditOptions): AuditFinding[] {
  const findings: AuditFinding[] = [];
  if (key === undefined) return findings;
  keyFindings(
    key,
    options,
    logGroupLost,
    (severity, rule, message) => findings.push({ severity, rule, message }),
    (policy) => {
      const denied = deniedFor(deniedLogGroupCalls, policy, key.keyArn, logGroup.logGroupArn, 'log group');
      if (denied === undefined) return undefined;
      if (denied.length === 0) return [];
      if (typeof denied === 'string') return [{ severity: 'blocking', said: `for this log group: ${denied}; ${logGroupLost}` }];
      const blocking = denied.some((d) => LOG_GROUP_DATA_CALLS.includes(d.action));
      const consequence = blocking ? `; ${logGroupLost}` : '';
      return [{ severity: blocking ? 'blocking' : 'warning', said: `for this log group: ${denied.map(said).join('; ')}${consequence}` }];
    },
  );
  return findings;
}

/** A denial the policy check found: how severe, and what it says after "no longer lets CloudWatch Logs use it ". */
interface PolicyDenial {
  readonly severity: AuditSeverity;
  readonly said: string;
}

/** Each key's policy, read once however many detectors and log groups share the key (the audit reads each key once, so the facts are one object). */
const parsedPolicies = new WeakMap<KeyFacts, ParsedKeyPolicy | UnsupportedPolicyError>();

function parsedPolicy(key: KeyFacts, policy: string): ParsedKeyPolicy | UnsupportedPolicyError {
  let parsed = parsedPolicies.get(key);
  if (parsed === undefined) {
    try {
      parsed = parseKeyPolicy(policy);
    } catch (e) {
      if (!(e instanceof UnsupportedPolicyError)) throw e;
      parsed = e;
    }
    parsedPolicies.set(key, parsed);
  }
  return parsed;
}

/** The rules about the key itself, for a detector or a log group; `denials` judges the policy (undefined: it cannot be evaluated). */
function keyFindings(key: KeyFacts, options: AuditOptions, lost: string, add: Add, denials: (policy: ParsedKeyPolicy) => PolicyDenial[] | undefined): void {
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
    return;
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
    const policy = parsedPolicy(key, key.policy);
    const denied = policy instanceof UnsupportedPolicyError ? undefined : denials(policy);
    if (denied === undefined) {
      // The evaluator's message names statements by index and quotes nothing of the policy.
      const why = policy instanceof UnsupportedPolicyError ? ` (${policy.message})` : '';
      add('warning', AUDIT_RULES.keyPolicyUnreadable, `The policy of key ${key.keyArn} uses what this evaluator does not implement${why}: review it by hand.`);
    } else {
      for (const d of denied)
        add(d.severity, AUDIT_RULES.keyPolicyDeniesLogs, `The policy of key ${key.keyArn} no longer lets CloudWatch Logs use it ${d.said}.`);
    }
  }
  if (key.rotationEnabled === false) add('warning', AUDIT_RULES.keyRotationOff, `Key ${key.keyArn} has automatic rotation off.`);
}

const said = ({ action, contextKey, evaluation }: DeniedLogsCall) =>
  `${action} under ${contextKey} is ${evaluation.decision === 'explicit-deny' ? `denied by ${evaluation.deniedBy.join(', ')}` : 'allowed by no statement'}`;

/**
 * The calls CloudWatch Logs needs that the policy denies for this resource ARN, or a sentence
 * when the ARN cannot be read; undefined when the policy cannot be evaluated.
 */
function deniedFor(
  evaluate: typeof deniedLogsCalls,
  policy: ParsedKeyPolicy,
  keyArn: string,
  resourceArn: string,
  what: string,
): DeniedLogsCall[] | string | undefined {
  const arn = parseArn(resourceArn);
  if (!arn) return `the ${what} ARN ${resourceArn} cannot be read`;
  try {
    return evaluate(policy, { partition: arn.partition, region: arn.region, account: arn.account }, keyArn, resourceArn);
  } catch (e) {
    if (e instanceof UnsupportedPolicyError) return undefined;
    throw e;
  }
}
