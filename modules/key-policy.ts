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
import { MAX_KEY_POLICY_BYTES } from './aws/kms';
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
import { ALL_LOG_GROUPS } from './aws/log-group-encryption';
import { assertLogGroupNames, EXACT_OPERATOR, logGroupsStatement, LOGS_LOG_GROUPS_SID, PATTERN_OPERATOR } from './log-group-key-policy';

/** A statement of a KMS key policy, in IAM's JSON shape. */
export interface KeyPolicyStatement {
  /** Identifies the statement; unique within a policy. This library's statements carry fixed Sids. */
  readonly Sid?: string;
  /** Whether the statement allows or denies. */
  readonly Effect: 'Allow' | 'Deny';
  /** Who the statement is about; KMS requires one in key policies. */
  readonly Principal?: '*' | { readonly [type: string]: string | readonly string[] };
  /** KMS actions, wildcards allowed. */
  readonly Action: string | readonly string[];
  /** In a key policy, `*`: the key itself. */
  readonly Resource: string | readonly string[];
  /** Condition operators, each with condition keys and their values. */
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: string | readonly string[] } };
}

/** A KMS key policy document. */
export interface KeyPolicyDocument {
  /** The IAM policy language version. */
  readonly Version: '2012-10-17';
  /** An optional policy id. */
  readonly Id?: string;
  /** The statements, in order. */
  readonly Statement: readonly KeyPolicyStatement[];
}

export const KEY_POLICY_VERSION = '2012-10-17';

/**
 * Most accounts one key serves. Each account adds its detector ARN pattern to both CloudWatch
 * Logs statements: 136 bytes in us-gov-west-1, the longest partition and region. At this bound
 * the policy takes 21 KB of KMS's 32 KB (25 KB as `mergeKeyPolicy` prints it), leaving room
 * for additional statements.
 */
export const MAX_DETECTOR_ACCOUNTS = 150;

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

function logsStatement(scope: AwsScope, detectorAccounts: readonly string[], sid: string, actions: readonly string[], contextKey: string): KeyPolicyStatement {
  const patterns = detectorAccounts.map((account) => anomalyDetectorArnPattern({ ...scope, account }));
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: logsServicePrincipal(scope) },
    Action: [...actions],
    Resource: '*',
    // Values of one condition key are alternatives: one statement serves every account.
    Condition: { ArnLike: { [contextKey]: patterns.length === 1 ? patterns[0] : patterns } },
  };
}

/**
 * The two statements AWS documents for anomaly detectors: plain encryption context, and the
 * Encryption SDK's. They let CloudWatch Logs of the scope's region use the key for detectors of
 * `detectorAccounts` there.
 * @param detectorAccounts the accounts whose detectors may use the key; default: the scope's account
 */
export function anomalyDetectorLogsStatements(scope: AwsScope, detectorAccounts: readonly string[] = [scope.account]): KeyPolicyStatement[] {
  return [
    logsStatement(scope, detectorAccounts, LOGS_ANOMALY_DETECTOR_SID, LOGS_ANOMALY_DETECTOR_ACTIONS, LOGS_ARN_CONTEXT_KEY),
    logsStatement(
      scope,
      detectorAccounts,
      LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID,
      LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_ACTIONS,
      LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY,
    ),
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
 * The rules on additional key policy statements, as the construct's messages and the Terraform
 * module's validations word them (`'PROP' RULE`, `'PROP[i].Effect' RULE`).
 */
export const KEY_POLICY_STATEMENT_RULES = {
  list: 'must be a list of key policy statements',
  object: 'must be a key policy statement object',
  sid: 'must be a string',
  effect: 'must be Allow | Deny',
  principal: 'must be given: KMS refuses key policy statements without a principal',
  actionOrResource: 'must be a non-empty string or a non-empty list of them',
  uniqueSids: 'Sids must be unique',
} as const;

/**
 * Throws unless every statement has the shape KMS accepts in a key policy: an object with
 * `Effect` Allow or Deny, a `Principal` (KMS requires one in key policies), and non-empty
 * `Action` and `Resource` (or their `Not` forms); a `Sid`, when given, is a string.
 * `prop` names the statements in messages, e.g. `additionalPolicyStatements`.
 */
export function assertKeyPolicyStatements(prop: string, statements: unknown): void {
  const rules = KEY_POLICY_STATEMENT_RULES;
  if (!Array.isArray(statements)) throw new Error(`'${prop}' ${rules.list}, got ${shown(statements)}`);
  statements.forEach((statement: unknown, i) => {
    const at = `${prop}[${i}]`;
    if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) {
      throw new Error(`'${at}' ${rules.object}, got ${shown(statement)}`);
    }
    const s = statement as Record<string, unknown>;
    if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new Error(`'${at}.Sid' ${rules.sid}, got ${shown(s.Sid)}`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new Error(`'${at}.Effect' ${rules.effect}, got ${shown(s.Effect)}`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw new Error(`'${at}.Principal' ${rules.principal}`);
    for (const element of ['Action', 'Resource']) {
      const value = s[element] ?? s[`Not${element}`];
      if (!isActionOrResource(value)) {
        throw new Error(`'${at}.${element}' ${rules.actionOrResource}, got ${shown(value)}`);
      }
    }
  });
}

function assertUniqueSids(statements: readonly KeyPolicyStatement[]): void {
  const seen = new Set<string>();
  for (const { Sid } of statements) {
    if (Sid === undefined) continue;
    if (seen.has(Sid)) {
      throw new Error(`Key policy statement ${KEY_POLICY_STATEMENT_RULES.uniqueSids}, got 'Sid' '${Sid}' twice`);
    }
    seen.add(Sid);
  }
}

/**
 * The whole key policy for a key used by anomaly detectors: the account-root statement of the
 * scope's account (the key's owner), the CloudWatch Logs statements for detectors of
 * `detectorAccounts`, the log-group statement when `logGroupNames` names any (log groups of the
 * scope's account, see `logGroupsStatement`), then `additionalStatements` as given.
 *
 * @throws when two statements share a Sid
 */
export function anomalyDetectorKeyPolicy(
  scope: AwsScope,
  additionalStatements: readonly KeyPolicyStatement[] = [],
  detectorAccounts: readonly string[] = [scope.account],
  logGroupNames: readonly string[] = [],
): KeyPolicyDocument {
  const statements = [
    accountRootStatement(scope),
    ...anomalyDetectorLogsStatements(scope, detectorAccounts),
    ...(logGroupNames.length > 0 ? [logGroupsStatement(scope, logGroupNames)] : []),
    ...additionalStatements,
  ];
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

/** The detector ARN patterns a CloudWatch Logs statement of this library grants, and the statement without them. */
function splitPatterns(statement: KeyPolicyStatement, contextKey: string): { patterns: string[]; rest: KeyPolicyStatement } {
  const arnLike = statement.Condition?.ArnLike ?? {};
  const { [contextKey]: values, ...otherKeys } = arnLike;
  const patterns = values === undefined ? [] : typeof values === 'string' ? [values] : [...values];
  const { ArnLike: _arnLike, ...otherOperators } = statement.Condition ?? {};
  const condition = Object.keys(otherKeys).length > 0 ? { ...otherOperators, ArnLike: otherKeys } : otherOperators;
  return { patterns, rest: { ...statement, Condition: condition } };
}

/**
 * The statement already in the policy under a wanted statement's Sid, with the wanted
 * statement's detector accounts added; undefined when it differs in anything else.
 */
function withWantedAccounts(existing: KeyPolicyStatement, wanted: KeyPolicyStatement, contextKey: string): KeyPolicyStatement | undefined {
  const have = splitPatterns(existing, contextKey);
  const want = splitPatterns(wanted, contextKey);
  if (have.patterns.length === 0 || !sameStatement(have.rest, want.rest)) return undefined;
  const patterns = [...have.patterns, ...want.patterns.filter((p) => !have.patterns.includes(p))];
  if (patterns.length === have.patterns.length) return existing;
  const values = patterns.length === 1 ? patterns[0] : patterns;
  return { ...existing, Condition: { ...existing.Condition, ArnLike: { ...existing.Condition?.ArnLike, [contextKey]: values } } };
}

/** The log group ARNs (or patterns) a log-group statement grants, and the statement without them; undefined for another shape. */
function splitLogGroupArns(statement: KeyPolicyStatement): { arns: string[]; rest: KeyPolicyStatement } | undefined {
  const operators = Object.keys(statement.Condition ?? {});
  if (operators.length !== 1 || (operators[0] !== EXACT_OPERATOR && operators[0] !== PATTERN_OPERATOR)) return undefined;
  const block = statement.Condition![operators[0]];
  const values = block[LOGS_ARN_CONTEXT_KEY];
  if (Object.keys(block).length !== 1 || values === undefined) return undefined;
  const { Condition: _condition, ...rest } = statement;
  return { arns: typeof values === 'string' ? [values] : [...values], rest };
}

/**
 * The log-group statement already in the policy with the wanted log groups added (an ARN ending
 * in `log-group:*` covers the others); undefined when the two differ in more than the log groups.
 */
function withWantedLogGroups(existing: KeyPolicyStatement, wanted: KeyPolicyStatement): KeyPolicyStatement | undefined {
  const have = splitLogGroupArns(existing);
  const want = splitLogGroupArns(wanted);
  if (!have || !want || !sameStatement(withoutSid(have.rest), withoutSid(want.rest))) return undefined;
  const added = want.arns.filter((arn) => !have.arns.includes(arn));
  if (added.length === 0) return existing;
  const all = [...have.arns, ...added];
  const everything = all.find((arn) => arn.endsWith(`:log-group:${ALL_LOG_GROUPS}`));
  const arns = everything !== undefined ? [everything] : all;
  const operator = arns.some((arn) => arn.includes('*')) ? PATTERN_OPERATOR : EXACT_OPERATOR;
  return { ...existing, Condition: { [operator]: { [LOGS_ARN_CONTEXT_KEY]: arns.length === 1 ? arns[0] : arns } } };
}

/**
 * The rules on the accounts a key serves, as the construct's messages and the Terraform module's
 * validations word them (`'PROP' RULE`).
 */
export const DETECTOR_ACCOUNTS_RULES = {
  atLeastOne: 'must name at least one 12-digit account',
  atMost: `must name at most ${MAX_DETECTOR_ACCOUNTS} accounts, so the key policy stays under KMS's ${MAX_KEY_POLICY_BYTES} bytes`,
  twelveDigits: 'must be 12 digits',
  unique: 'must not name an account twice',
} as const;

/**
 * Throws unless `accounts` is one 12-digit account or a list of 1 to `MAX_DETECTOR_ACCOUNTS`
 * distinct ones. `unresolved` tells values known only later (cdktf tokens), which pass unchecked.
 */
export function assertDetectorAccounts(prop: string, accounts: unknown, unresolved: (value: string) => boolean = () => false): string[] {
  const single = typeof accounts === 'string';
  const list: unknown[] = single ? [accounts] : Array.isArray(accounts) ? accounts : [];
  if (list.length === 0) throw new Error(`'${prop}' ${DETECTOR_ACCOUNTS_RULES.atLeastOne}, got ${shown(accounts)}`);
  if (list.length > MAX_DETECTOR_ACCOUNTS) throw new Error(`'${prop}' ${DETECTOR_ACCOUNTS_RULES.atMost}, got ${list.length}`);
  const seen = new Set<unknown>();
  list.forEach((account, i) => {
    const at = single ? prop : `${prop}[${i}]`;
    if (typeof account !== 'string') throw new Error(`'${at}' must be a 12-digit account string, got ${shown(account)}`);
    if (unresolved(account)) return;
    if (!ACCOUNT_ID.test(account)) throw new Error(`'${at}' ${DETECTOR_ACCOUNTS_RULES.twelveDigits}, got '${account}'`);
    if (seen.has(account)) throw new Error(`'${prop}' ${DETECTOR_ACCOUNTS_RULES.unique}, got '${account}' twice`);
    seen.add(account);
  });
  return list as string[];
}

const LOGS_STATEMENT_CONTEXT_KEYS: Readonly<Record<string, string>> = {
  [LOGS_ANOMALY_DETECTOR_SID]: LOGS_ARN_CONTEXT_KEY,
  [LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID]: LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY,
};

/** What `mergeKeyPolicy` adds besides the scope's own account's detectors. */
export interface MergeKeyPolicyOptions {
  /**
   * Accounts whose anomaly detectors, in the scope's region, may use the key, as
   * `AnomalyDetectorKeyProps.detectorAccounts`.
   * @default - the scope's account
   */
  readonly detectorAccounts?: readonly string[];
  /**
   * Names (or `*` patterns) of log groups of the scope's account the key may encrypt, as
   * `AnomalyDetectorKeyProps.logGroupNames`.
   * @default - none
   */
  readonly logGroupNames?: readonly string[];
}

/**
 * Adds the CloudWatch Logs anomaly-detector statements to an existing key policy: the
 * get-key-policy, edit, put-key-policy step, automated. Every existing statement is kept; a
 * statement already present (same Sid and content, or the same content under any Sid) is not
 * added again, so merging twice gives the same policy. When this library's statements are
 * there for other accounts, the accounts given are added to them (never removed). With
 * `logGroupNames`, the log-group statement is added for those log groups of the scope's
 * account (the key's own), or the log groups are added to it when it is there.
 *
 * @param scope the key's region and account (its owner), as the other policy builders take it
 * @returns the merged policy as pretty-printed JSON, ready for `aws kms put-key-policy`
 * @throws when the policy is not JSON of a key policy's shape, when the region or an account is
 *   malformed, or when a statement with one of this library's Sids exists with other content
 */
export function mergeKeyPolicy(existingPolicyJson: string, scope: AwsScope, options?: MergeKeyPolicyOptions): string;
/**
 * The former form, with the scope's parts as separate arguments: `accounts[0]` is the key's
 * account, and every one of `accounts` gets its detectors served.
 * @deprecated Use `mergeKeyPolicy(existingPolicyJson, { region, account, partition }, { detectorAccounts, logGroupNames })`. Removed in 0.3.0.
 */
export function mergeKeyPolicy(
  existingPolicyJson: string,
  region: string,
  accounts: string | readonly string[],
  partition?: string,
  logGroups?: readonly string[],
): string;
export function mergeKeyPolicy(
  existingPolicyJson: string,
  scopeOrRegion: AwsScope | string,
  optionsOrAccounts?: MergeKeyPolicyOptions | string | readonly string[],
  partition?: string,
  logGroupNames: readonly string[] = [],
): string {
  if (scopeOrRegion === null || (typeof scopeOrRegion !== 'object' && typeof scopeOrRegion !== 'string')) {
    throw new Error(`'scope' must be an AwsScope ({ region, account, partition? }), got ${shown(scopeOrRegion)}`);
  }
  const region: unknown = typeof scopeOrRegion === 'string' ? scopeOrRegion : scopeOrRegion.region;
  if (typeof region !== 'string' || !REGION_NAME.test(region))
    throw new Error(`'region' must look like 'us-east-1', got ${typeof region === 'string' ? `'${region}'` : shown(region)}`);
  if (typeof scopeOrRegion === 'string') {
    const accounts = assertDetectorAccounts('account', optionsOrAccounts);
    return mergeIntoPolicy(existingPolicyJson, { region: scopeOrRegion, account: accounts[0], partition }, accounts, logGroupNames, 'logGroups');
  }
  if (optionsOrAccounts !== undefined && (optionsOrAccounts === null || typeof optionsOrAccounts !== 'object' || Array.isArray(optionsOrAccounts))) {
    throw new Error(`'options' must be an object of MergeKeyPolicyOptions ({ detectorAccounts?, logGroupNames? }), got ${shown(optionsOrAccounts)}`);
  }
  const options = (optionsOrAccounts ?? {}) as MergeKeyPolicyOptions;
  assertDetectorAccounts('account', scopeOrRegion.account);
  const accounts = assertDetectorAccounts('detectorAccounts', options.detectorAccounts ?? [scopeOrRegion.account]);
  return mergeIntoPolicy(existingPolicyJson, scopeOrRegion, accounts, options.logGroupNames ?? [], 'logGroupNames');
}

function mergeIntoPolicy(
  existingPolicyJson: string,
  scope: AwsScope,
  detectorAccounts: readonly string[],
  logGroups: readonly string[],
  logGroupsProp: string,
): string {
  if (logGroups.length > 0) assertLogGroupNames(logGroupsProp, logGroups);
  const existing = parsePolicy(existingPolicyJson);
  const statements = [...existing.Statement];
  const wantedStatements = [...anomalyDetectorLogsStatements(scope, detectorAccounts), ...(logGroups.length > 0 ? [logGroupsStatement(scope, logGroups)] : [])];
  for (const wanted of wantedStatements) {
    const at = statements.findIndex((s) => s.Sid === wanted.Sid);
    if (at >= 0) {
      const merged =
        wanted.Sid === LOGS_LOG_GROUPS_SID
          ? withWantedLogGroups(statements[at], wanted)
          : withWantedAccounts(statements[at], wanted, LOGS_STATEMENT_CONTEXT_KEYS[wanted.Sid ?? '']);
      if (merged === undefined) {
        throw new Error(
          `The policy already has a statement with Sid '${wanted.Sid}' whose content differs from CloudWatch Logs' ` +
            `${wanted.Sid === LOGS_LOG_GROUPS_SID ? 'log-group' : 'anomaly-detector'} statement; remove or rename it, then merge again`,
        );
      }
      statements[at] = merged;
      continue;
    }
    if (!statements.some((s) => sameStatement(withoutSid(s), withoutSid(wanted)))) {
      statements.push(wanted);
    }
  }
  const merged = JSON.stringify({ ...existing, Statement: statements }, null, 2) + '\n';
  assertKeyPolicySize('the merged key policy', merged);
  return merged;
}

/** Throws when a policy document is larger than KMS accepts. */
export function assertKeyPolicySize(what: string, policyJson: string): void {
  const bytes = Buffer.byteLength(policyJson, 'utf8');
  if (bytes > MAX_KEY_POLICY_BYTES) {
    throw new Error(`${what} must be at most ${MAX_KEY_POLICY_BYTES} bytes, KMS's key policy limit, got ${bytes}: remove accounts or statements`);
  }
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

export { assertLogGroupNames, logGroupsStatement, LOGS_LOG_GROUPS_SID, servedLogGroupNames } from './log-group-key-policy';
