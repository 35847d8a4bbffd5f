/**
 * Answers one question with IAM's semantics: does this KMS key policy let this principal call
 * this action on this key, given the request's condition keys? Used by the key-policy tools,
 * plan review, audit and the harness's verifiers; the local AWS judges by its own rules, so the
 * two are compared, not one taken for the other. Libraries tried fell short
 * (@cloud-copilot/iam-simulate ignores `kms:EncryptionContext:` keys that contain colons, pbac
 * rejects a string Resource).
 *
 * Implemented: Version, Id and Statement (object or list); Allow/Deny, explicit Deny winning;
 * Principal `*`, AWS (`*`, account id, account root ARN, other IAM/STS ARNs) and Service;
 * Action and Resource with `*`/`?` wildcards; condition operators StringEquals,
 * StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike,
 * ArnEquals, ArnLike, ArnNotEquals, ArnNotLike (each also as `...IfExists`) and Null.
 * Anything else (NotPrincipal, NotAction, NotResource, other operators, ForAnyValue/ForAllValues,
 * policy variables, multivalued request keys) is refused with UnsupportedPolicyError rather
 * than guessed.
 *
 * Sources: IAM User Guide, "IAM JSON policy elements reference" (Principal, Condition, condition
 * operators, Version) and "Conditions with multiple context keys or values"; KMS Developer
 * Guide, "AWS KMS condition keys" (kms:EncryptionContext:context-key).
 */

import { MAX_KEY_POLICY_BYTES } from './aws/kms';
import { ACCOUNT_ID } from './aws/partitions';
import { anyWildcardMatcher, wildcardMatcher } from './wildcard-match';

export interface KmsRequest {
  /**
   * Who calls: a service principal ('logs.us-east-1.amazonaws.com') or an AWS principal
   * (account id '123456789012', or an ARN such as 'arn:aws:iam::123456789012:root', a role,
   * user or assumed-role session ARN).
   */
  readonly principal: { readonly service: string } | { readonly aws: string };
  /** e.g. `kms:GenerateDataKey` */
  readonly action: string;
  /** The key ARN. */
  readonly resource: string;
  /**
   * Condition keys present in the request, e.g.
   * `{ 'kms:EncryptionContext:aws:logs:arn': detectorArn }`. Absent keys are absent.
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** IAM's three outcomes: a statement allows, one denies (which wins), or none applies. */
export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** What `evaluateKeyPolicy` answers, and which statements decided it. */
export interface PolicyEvaluation {
  /** The outcome for the request. */
  readonly decision: PolicyDecision;
  /** Sids (or `#index` for statements without one) of the statements that allowed. */
  readonly allowedBy: readonly string[];
  /** Sids (or `#index`) of the statements that denied. */
  readonly deniedBy: readonly string[];
  /** One sentence: why. */
  readonly reason: string;
}

/**
 * The policy uses something this evaluator does not implement, is malformed, or is larger than
 * AWS accepts. The message names statements by index and the policy's elements by their
 * documented names; it quotes nothing the policy's author wrote (a Sid, a condition key or value).
 */
export class UnsupportedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPolicyError';
  }
}

/**
 * The longest string this evaluator matches as an Action, Resource or condition value: IAM's
 * limit on an ARN's length. Anything longer is no ARN or key AWS would send, only work for a matcher.
 */
export const MAX_POLICY_VALUE_LENGTH = 2048;

type Values = readonly string[];
type Match = (value: string) => boolean;

interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: Values;
  /** Prepared once: does the request's value match any of the values? */
  readonly matchesAny: Match;
}

interface Statement {
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: '*' | { readonly AWS?: Values; readonly Service?: Values };
  /** Prepared once: does the request's action (or key) match any of the statement's? */
  readonly actions: Match;
  readonly resources: Match;
  readonly conditions: readonly Condition[];
}

/**
 * A key policy read and checked once, to be asked many questions (plan review asks six for each
 * account a policy names): `evaluateKeyPolicy` takes it as it takes the policy's text.
 */
export class ParsedKeyPolicy {
  /** @internal */
  constructor(readonly statements: readonly Statement[]) {}
}

const POLICY_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const UNSUPPORTED_ELEMENTS = ['NotPrincipal', 'NotAction', 'NotResource'] as const;
/** Without a Version IAM uses 2008-10-17, where `${...}` is literal text, not a variable. */
const VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const VARIABLES_VERSION = '2012-10-17';

/** Positive operators: a condition's values prepared as one test of the request's value (any value matching). */
const MATCHERS: ReadonlyMap<string, (expected: Values) => Match> = new Map<string, (expected: Values) => Match>([
  ['StringEquals', (e) => setMatcher(e, (v) => v)],
  ['StringEqualsIgnoreCase', (e) => setMatcher(e, (v) => v.toLowerCase())],
  ['StringLike', (e) => anyWildcardMatcher(e)],
  // IAM: "ArnEquals and ArnLike behave identically", wildcards included.
  ['ArnEquals', (e) => anyArnMatcher(e)],
  ['ArnLike', (e) => anyArnMatcher(e)],
]);

function setMatcher(values: Values, fold: (value: string) => string): Match {
  const set = new Set(values.map(fold));
  return (value) => set.has(fold(value));
}
/** Negated operators and the positive operator they negate. */
const NEGATIONS: ReadonlyMap<string, string> = new Map([
  ['StringNotEquals', 'StringEquals'],
  ['StringNotEqualsIgnoreCase', 'StringEqualsIgnoreCase'],
  ['StringNotLike', 'StringLike'],
  ['ArnNotEquals', 'ArnEquals'],
  ['ArnNotLike', 'ArnLike'],
]);
const NULL_OPERATOR = 'Null';
/** Every condition operator IAM documents (before IfExists and set prefixes): only these are named in an error. */
const IAM_OPERATORS: ReadonlySet<string> = new Set([
  ...['String', 'Numeric', 'Date'].flatMap((t) => [`${t}Equals`, `${t}NotEquals`]),
  ...['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike', 'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress'],
  ...['Numeric', 'Date'].flatMap((t) => ['LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].map((c) => `${t}${c}`)),
  ...['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', NULL_OPERATOR],
]);
const SET_PREFIXES = ['ForAnyValue:', 'ForAllValues:'];
/** Principal types IAM documents. */
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** An operator as an error names it: itself when IAM documents it, else its position. */
function operatorNamed(operator: string, position: number): string {
  const prefix = SET_PREFIXES.find((p) => operator.startsWith(p)) ?? '';
  const { base } = splitOperator(operator.slice(prefix.length));
  return IAM_OPERATORS.has(base) ? operator : `#${position}`;
}
const IF_EXISTS = 'IfExists';

/** `StringLikeIfExists` -> the operator it qualifies and whether IfExists was given. */
function splitOperator(operator: string): { readonly base: string; readonly ifExists: boolean } {
  const ifExists = operator.endsWith(IF_EXISTS);
  return { base: ifExists ? operator.slice(0, -IF_EXISTS.length) : operator, ifExists };
}

function isArnOperator(operator: string): boolean {
  const { base } = splitOperator(operator);
  return (NEGATIONS.get(base) ?? base).startsWith('Arn');
}

/** The six parts of an ARN; the last (resource) keeps its own colons. Undefined when not an ARN. */
function arnParts(arn: string): readonly string[] | undefined {
  const parts = arn.split(':');
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

const ACCOUNT_PART = 4;

/** IAM checks each colon-separated part separately, so a `*` never spans a colon before the resource part. */
function arnMatcher(want: readonly string[]): (got: readonly string[]) => boolean {
  const parts = want.map((w) => wildcardMatcher(w));
  return (got) => parts.every((matches, i) => matches(got[i]));
}

/**
 * Any of many ARN patterns (parsing refused those that are not ARNs): patterns with a literal
 * account are looked up by the value's account, so a policy naming hundreds of accounts tries
 * only that account's patterns and those with a wildcard account.
 */
function anyArnMatcher(patterns: Values): Match {
  const byAccount = new Map<string, Array<(got: readonly string[]) => boolean>>();
  const anyAccount: Array<(got: readonly string[]) => boolean> = [];
  for (const want of patterns.map(arnParts).filter((p) => p !== undefined)) {
    const account = want[ACCOUNT_PART];
    if (account.includes('*') || account.includes('?')) anyAccount.push(arnMatcher(want));
    else byAccount.set(account, [...(byAccount.get(account) ?? []), arnMatcher(want)]);
  }
  return (value) => {
    const got = arnParts(value);
    if (got === undefined) return false;
    return (byAccount.get(got[ACCOUNT_PART]) ?? []).some((matches) => matches(got)) || anyAccount.some((matches) => matches(got));
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asValues(value: unknown, where: string): Values {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string')) {
    throw new UnsupportedPolicyError(`${where} must be a string or a non-empty list of strings`);
  }
  const long = list.findIndex((v) => v.length > MAX_POLICY_VALUE_LENGTH);
  if (long >= 0) {
    throw new UnsupportedPolicyError(`${where}: value #${long} is longer than ${MAX_POLICY_VALUE_LENGTH} characters (the longest ARN IAM accepts)`);
  }
  return list;
}

/** Policy variables are substituted per request; this evaluator has no values for them. */
function refuseVariables(values: Values, where: string, variables: boolean): Values {
  if (variables && values.some((v) => v.includes('${'))) {
    throw new UnsupportedPolicyError(`${where}: policy variables (\${...}) are not supported by this evaluator`);
  }
  return values;
}

function parsePrincipal(raw: unknown, at: string): Statement['principal'] {
  if (raw === '*') return '*';
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    throw new UnsupportedPolicyError(`${at}: Principal must be "*" or an object naming at least one principal`);
  }
  const other = Object.keys(raw).find((type) => type !== 'AWS' && type !== 'Service');
  if (other !== undefined) {
    const named = PRINCIPAL_TYPES.has(other) ? `type ${other}` : 'a type other than AWS and Service';
    throw new UnsupportedPolicyError(`${at}: Principal ${named} is not supported by this evaluator`);
  }
  const aws = raw.AWS === undefined ? undefined : asValues(raw.AWS, `${at}: Principal.AWS`);
  const service = raw.Service === undefined ? undefined : asValues(raw.Service, `${at}: Principal.Service`);
  // IAM: "The service principal in an IAM policy can't be "Service": "*"".
  if (service?.includes('*')) throw new UnsupportedPolicyError(`${at}: Principal.Service cannot be "*"`);
  return { AWS: aws, Service: service };
}

function isKnownOperator(operator: string): boolean {
  const { base } = splitOperator(operator);
  return MATCHERS.has(base) || NEGATIONS.has(base) || operator === NULL_OPERATOR;
}

function parseConditions(raw: unknown, at: string, variables: boolean): readonly Condition[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw new UnsupportedPolicyError(`${at}: Condition must be an object`);
  return Object.entries(raw).flatMap(([operator, block], o) => {
    // Only operators IAM documents are named: anything else is the policy author's text.
    if (!isKnownOperator(operator))
      throw new UnsupportedPolicyError(`${at}: condition operator ${operatorNamed(operator, o)} is not supported by this evaluator`);
    if (!isObject(block)) throw new UnsupportedPolicyError(`${at}: Condition.${operator} must be an object`);
    return Object.entries(block).map(([key, v], k) => {
      const where = `${at}: Condition.${operator} key #${k}`;
      // Null takes JSON booleans as well as "true"/"false" strings.
      const values = operator === NULL_OPERATOR ? nullValues(v, where) : refuseVariables(asValues(v, where), where, variables);
      if (isArnOperator(operator)) refuseNonArnPatterns(values, where);
      const { base } = splitOperator(operator);
      const prepare = MATCHERS.get(NEGATIONS.get(base) ?? base);
      return { operator, key, values, matchesAny: prepare ? prepare(values) : () => false };
    });
  });
}

function nullValues(raw: unknown, where: string): Values {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const values = list.map((v) => (typeof v === 'boolean' || typeof v === 'string' ? String(v).toLowerCase() : undefined));
  if (values.length === 0 || !values.every((v) => v === 'true' || v === 'false')) {
    throw new UnsupportedPolicyError(`${where} must be true or false`);
  }
  return values;
}

/** IAM compares ARN patterns part by part; how it treats a pattern with fewer parts is not documented. */
function refuseNonArnPatterns(values: Values, where: string): void {
  const bad = values.findIndex((v) => arnParts(v) === undefined);
  if (bad >= 0) throw new UnsupportedPolicyError(`${where}: value #${bad} is not an ARN pattern (six colon-separated parts)`);
}

function parseStatement(raw: unknown, index: number, variables: boolean): Statement {
  const at = `statement #${index}`;
  if (!isObject(raw)) throw new UnsupportedPolicyError(`${at} must be an object`);
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== 'string') throw new UnsupportedPolicyError(`${at}: Sid must be a string`);
  for (const element of UNSUPPORTED_ELEMENTS) {
    if (element in raw) throw new UnsupportedPolicyError(`${at}: ${element} is not supported by this evaluator`);
  }
  if (Object.keys(raw).some((k) => !STATEMENT_ELEMENTS.has(k))) {
    throw new UnsupportedPolicyError(`${at}: an element other than ${[...STATEMENT_ELEMENTS].join(', ')}`);
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw new UnsupportedPolicyError(`${at}: Effect must be Allow or Deny`);
  if (raw.Principal === undefined) throw new UnsupportedPolicyError(`${at}: a key policy statement needs a Principal`);
  const resourceWhere = `${at}: Resource`;
  return {
    id: sid ? sid : `#${index}`,
    effect: raw.Effect,
    principal: parsePrincipal(raw.Principal, at),
    actions: anyWildcardMatcher(asValues(raw.Action, `${at}: Action`), { ignoreCase: true }),
    resources: anyWildcardMatcher(refuseVariables(asValues(raw.Resource, resourceWhere), resourceWhere, variables)),
    conditions: parseConditions(raw.Condition, at, variables),
  };
}

/** UTF-8 bytes, as KMS measures a policy document. */
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Reads and checks a key policy once, for many `evaluateKeyPolicy` questions.
 * @throws UnsupportedPolicyError when the policy is malformed, larger than KMS accepts, or uses what is not implemented
 */
export function parseKeyPolicy(policy: string | object): ParsedKeyPolicy {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
  const bytes = utf8Bytes(text);
  if (bytes > MAX_KEY_POLICY_BYTES) {
    throw new UnsupportedPolicyError(`The policy is ${bytes} bytes, more than the ${MAX_KEY_POLICY_BYTES} bytes KMS accepts for a key policy`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: the policy author's words.
    throw new UnsupportedPolicyError('The policy is not valid JSON');
  }
  if (!isObject(doc) || !('Statement' in doc)) throw new UnsupportedPolicyError('The policy must be a JSON object with a Statement member');
  if (Object.keys(doc).some((k) => !POLICY_ELEMENTS.has(k))) {
    throw new UnsupportedPolicyError(`The policy has an element other than ${[...POLICY_ELEMENTS].join(', ')}`);
  }
  const version = doc.Version;
  if (version !== undefined && !VERSIONS.some((v) => v === version)) throw new UnsupportedPolicyError(`Version must be ${VERSIONS.join(' or ')}`);
  const variables = version === VARIABLES_VERSION;
  const raw = doc.Statement;
  return new ParsedKeyPolicy((Array.isArray(raw) ? raw : [raw]).map((s, i) => parseStatement(s, i, variables)));
}

const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const ASSUMED_ROLE = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

function awsPrincipalMatches(policyValue: string, caller: string): boolean {
  if (policyValue === '*' || policyValue === caller) return true;
  const callerAccount = ACCOUNT_ID.test(caller) ? caller : caller.split(':')[4];
  // An account id or its root ARN delegates to the account: "Using the account ARN ... does not
  // limit permissions to only the root user". The account's IAM policies then decide, which this
  // evaluator does not see, so every principal of that account is taken as allowed here.
  const account = ACCOUNT_ID.test(policyValue) ? policyValue : ACCOUNT_ROOT.exec(policyValue)?.[1];
  if (account !== undefined) return account === callerAccount;
  // A role named as principal covers the sessions of that role (session ARNs carry no role path).
  const role = ROLE.exec(policyValue);
  const session = ASSUMED_ROLE.exec(caller);
  return role !== null && session !== null && role[1] === session[1] && role[2] === session[2] && role[3] === session[3];
}

function principalMatches(principal: Statement['principal'], caller: KmsRequest['principal']): boolean {
  if (principal === '*') return true;
  if ('service' in caller) {
    // `{"AWS": "*"}` is documented as equal to `"*"` for anonymous users only; it is not taken
    // to cover service principals.
    return (principal.Service ?? []).some((s) => s.toLowerCase() === caller.service.toLowerCase());
  }
  return (principal.AWS ?? []).some((p) => awsPrincipalMatches(p, caller.aws));
}

/**
 * The request's values for a condition key; an empty list when the key is absent. Key names are
 * case-insensitive, and for `kms:EncryptionContext:context-key` that includes the context-key
 * part ("the condition key, which consists of the kms:EncryptionContext: prefix and the
 * context-key replacement, is not case sensitive", KMS Developer Guide).
 */
function contextValues(context: KmsRequest['context'], key: string): { readonly name: string; readonly values: Values } {
  const found = Object.entries(context ?? {}).filter(([k]) => k.toLowerCase() === key.toLowerCase());
  if (found.length > 1) {
    const names = found.map(([k]) => k).join(', ');
    throw new UnsupportedPolicyError(
      `The request has condition keys that differ only by case (${names}); which one IAM matches against the policy's condition key is not documented`,
    );
  }
  if (found.length === 0) return { name: key, values: [] };
  const [name, value] = found[0];
  return { name, values: typeof value === 'string' ? [value] : value };
}

function conditionHolds(condition: Condition, context: KmsRequest['context']): boolean {
  const { name, values: actual } = contextValues(context, condition.key);
  if (condition.operator === NULL_OPERATOR) return condition.values.includes(String(actual.length === 0));
  const { base, ifExists } = splitOperator(condition.operator);
  const negated = NEGATIONS.get(base);
  // IAM: an absent key makes a condition false, except a negated one ("StringNotLike or
  // ArnNotLike ... the condition is true") and an ...IfExists one.
  if (actual.length === 0) return ifExists || negated !== undefined;
  // Multivalued keys need ForAnyValue/ForAllValues, which this evaluator does not implement.
  if (actual.length > 1) {
    throw new UnsupportedPolicyError(
      `The request has ${actual.length} values for ${name}; ${condition.operator} on a multivalued condition key is not supported by this evaluator`,
    );
  }
  // Values of one key are ORed; for a negated operator that makes a NOR.
  const anyMatch = condition.matchesAny(actual[0]);
  return negated === undefined ? anyMatch : !anyMatch;
}

function statementApplies(statement: Statement, request: KmsRequest): boolean {
  return (
    principalMatches(statement.principal, request.principal) &&
    statement.actions(request.action) &&
    statement.resources(request.resource) &&
    statement.conditions.every((c) => conditionHolds(c, request.context))
  );
}

function describePrincipal(principal: KmsRequest['principal']): string {
  return 'service' in principal ? `service ${principal.service}` : `AWS principal ${principal.aws}`;
}

/**
 * Evaluates `request` against a key policy: an applicable Deny wins, then an applicable Allow;
 * otherwise the request is implicitly denied. Give a `parseKeyPolicy` result to ask one policy many questions.
 * @throws UnsupportedPolicyError when the policy is malformed, too large, or uses what is not implemented
 */
export function evaluateKeyPolicy(policy: string | object | ParsedKeyPolicy, request: KmsRequest): PolicyEvaluation {
  const parsed = policy instanceof ParsedKeyPolicy ? policy : parseKeyPolicy(policy);
  const applicable = parsed.statements.filter((s) => statementApplies(s, request));
  const deniedBy = applicable.filter((s) => s.effect === 'Deny').map((s) => s.id);
  const allowedBy = applicable.filter((s) => s.effect === 'Allow').map((s) => s.id);
  const what = `${request.action} for ${describePrincipal(request.principal)}`;
  if (deniedBy.length > 0) {
    return { decision: 'explicit-deny', allowedBy, deniedBy, reason: `statement ${deniedBy.join(', ')} denies ${what}` };
  }
  if (allowedBy.length > 0) {
    return { decision: 'allow', allowedBy, deniedBy, reason: `statement ${allowedBy.join(', ')} allows ${what}` };
  }
  return {
    decision: 'implicit-deny',
    allowedBy,
    deniedBy,
    reason: `no statement allows ${what} on ${request.resource} with the given request context`,
  };
}
