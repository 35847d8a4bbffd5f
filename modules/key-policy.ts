/**
 * Key policy statements that let CloudWatch Logs use a KMS key for anomaly detectors.
 *
 * Pure functions over plain JSON: no cdktf types, so the same code builds the construct's
 * policy, backs the `key-policy merge` tool and can be reused outside CDKTF. Values may be
 * cdktf token strings; they pass through untouched and resolve at synth.
 *
 * Source: "Use a KMS key with an anomaly detector" (CloudWatch Logs user guide,
 * LogsAnomalyDetection-KMS).
 */
import { ACCOUNT_ID, REGION_NAME } from './aws/partitions';
import { AwsScope, resolveScope } from './aws/scope';
import {
  anomalyDetectorArnPattern,
  LOGS_ANOMALY_DETECTOR_ACTIONS,
  LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_ACTIONS,
  LOGS_ARN_CONTEXT_KEY,
  LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY,
  logsServicePrincipal,
} from './aws/cloudwatch-logs';

/** A statement of a KMS key policy, in IAM's JSON shape. */
export interface KeyPolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly [type: string]: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: string | readonly string[] } };
}

/** A KMS key policy document. */
export interface KeyPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Id?: string;
  readonly Statement: readonly KeyPolicyStatement[];
}

export const KEY_POLICY_VERSION = '2012-10-17';

/** Sids are fixed so that plan diffs of the policy read well and merges stay idempotent. */
export const ACCOUNT_ROOT_SID = 'Enable IAM User Permissions';
export const LOGS_ANOMALY_DETECTOR_SID = 'AllowCloudWatchLogsAnomalyDetectors';
export const LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID = 'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk';

/** Keeps the account in control of its key through IAM; without it the key can become unmanageable. */
export function accountRootStatement(scope: AwsScope): KeyPolicyStatement {
  const { partition, account } = resolveScope(scope);
  return {
    Sid: ACCOUNT_ROOT_SID,
    Effect: 'Allow',
    Principal: { AWS: `arn:${partition}:iam::${account}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

function logsStatement(scope: AwsScope, sid: string, actions: readonly string[], contextKey: string): KeyPolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: logsServicePrincipal(scope) },
    Action: [...actions],
    Resource: '*',
    Condition: { ArnLike: { [contextKey]: anomalyDetectorArnPattern(scope) } },
  };
}

/** The two statements AWS documents for anomaly detectors: plain encryption context, and the Encryption SDK's. */
export function anomalyDetectorLogsStatements(scope: AwsScope): KeyPolicyStatement[] {
  return [
    logsStatement(scope, LOGS_ANOMALY_DETECTOR_SID, LOGS_ANOMALY_DETECTOR_ACTIONS, LOGS_ARN_CONTEXT_KEY),
    logsStatement(scope, LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID, LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_ACTIONS, LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY),
  ];
}

function shown(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function isActionOrResource(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.length > 0 && items.every((item) => typeof item === 'string' && item !== '');
}

/**
 * Throws unless every statement has the shape KMS accepts in a key policy: an object with
 * `Effect` Allow or Deny, a `Principal` (KMS requires one in key policies), and non-empty
 * `Action` and `Resource` (or their `Not` forms); a `Sid`, when given, is a string.
 * `prop` names the statements in messages, e.g. `additionalPolicyStatements`.
 */
export function assertKeyPolicyStatements(prop: string, statements: unknown): void {
  if (!Array.isArray(statements)) throw new Error(`'${prop}' must be a list of key policy statements, got ${shown(statements)}`);
  statements.forEach((statement: unknown, i) => {
    const at = `${prop}[${i}]`;
    if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) {
      throw new Error(`'${at}' must be a key policy statement object, got ${shown(statement)}`);
    }
    const s = statement as Record<string, unknown>;
    if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new Error(`'${at}.Sid' must be a string, got ${shown(s.Sid)}`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new Error(`'${at}.Effect' must be Allow | Deny, got ${shown(s.Effect)}`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
      throw new Error(`'${at}.Principal' must be given: KMS refuses key policy statements without a principal`);
    }
    for (const element of ['Action', 'Resource']) {
      const value = s[element] ?? s[`Not${element}`];
      if (!isActionOrResource(value)) {
        throw new Error(`'${at}.${element}' must be a non-empty string or a non-empty list of them, got ${shown(value)}`);
      }
    }
  });
}

function assertUniqueSids(statements: readonly KeyPolicyStatement[]): void {
  const seen = new Set<string>();
  for (const { Sid } of statements) {
    if (Sid === undefined) continue;
    if (seen.has(Sid)) {
      throw new Error(`Key policy statement Sids must be unique, got 'Sid' '${Sid}' twice`);
    }
    seen.add(Sid);
  }
}

/**
 * The whole key policy for a key used by anomaly detectors: the account-root statement, the
 * CloudWatch Logs statements, then `additionalStatements` as given.
 *
 * @throws when two statements share a Sid
 */
export function anomalyDetectorKeyPolicy(scope: AwsScope, additionalStatements: readonly KeyPolicyStatement[] = []): KeyPolicyDocument {
  const statements = [accountRootStatement(scope), ...anomalyDetectorLogsStatements(scope), ...additionalStatements];
  assertUniqueSids(statements);
  return { Version: KEY_POLICY_VERSION, Statement: statements };
}

function sameStatement(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Key order and single-element arrays do not change a statement's meaning. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length === 1 ? canonical(value[0]) : value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function withoutSid(statement: KeyPolicyStatement): Omit<KeyPolicyStatement, 'Sid'> {
  const { Sid: _sid, ...rest } = statement;
  return rest;
}

/**
 * Adds the CloudWatch Logs anomaly-detector statements to an existing key policy: the
 * get-key-policy, edit, put-key-policy step, automated. Every existing statement is kept as
 * it is; a statement already present (same Sid and content, or the same content under any
 * Sid) is not added again, so merging twice gives the same policy.
 *
 * @returns the merged policy as pretty-printed JSON, ready for `aws kms put-key-policy`
 * @throws when the policy is not JSON of a key policy's shape, when the region or account is
 *   malformed, or when a statement with one of this library's Sids exists with other content
 */
export function mergeKeyPolicy(existingPolicyJson: string, region: string, account: string, partition?: string): string {
  if (!REGION_NAME.test(region)) {
    throw new Error(`'region' must look like 'us-east-1', got '${region}'`);
  }
  if (!ACCOUNT_ID.test(account)) {
    throw new Error(`'account' must be 12 digits, got '${account}'`);
  }
  const existing = parsePolicy(existingPolicyJson);
  const statements = [...existing.Statement];
  for (const wanted of anomalyDetectorLogsStatements({ region, account, partition })) {
    const sameSid = statements.find((s) => s.Sid === wanted.Sid);
    if (sameSid !== undefined) {
      if (!sameStatement(sameSid, wanted)) {
        throw new Error(
          `The policy already has a statement with Sid '${wanted.Sid}' whose content differs from CloudWatch Logs' ` +
            `anomaly-detector statement; remove or rename it, then merge again`,
        );
      }
      continue;
    }
    if (!statements.some((s) => sameStatement(withoutSid(s), withoutSid(wanted)))) {
      statements.push(wanted);
    }
  }
  return JSON.stringify({ ...existing, Statement: statements }, null, 2) + '\n';
}

function parsePolicy(json: string): KeyPolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new Error(`The existing key policy is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (parsed === null || typeof parsed !== 'object' || !('Statement' in parsed)) {
    throw new Error(`The existing key policy must be a JSON object with a 'Statement' member`);
  }
  const statements: unknown[] = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  if (!statements.every((s) => s !== null && typeof s === 'object' && !Array.isArray(s))) {
    throw new Error(`The existing key policy's 'Statement' must be an object or a list of objects`);
  }
  // KMS refuses a policy whose statements lack what assertKeyPolicyStatements checks: never write one.
  assertKeyPolicyStatements('Statement', statements);
  return { ...(parsed as KeyPolicyDocument), Statement: statements as KeyPolicyStatement[] };
}
