/**
 * Answers one question with IAM's semantics: does this KMS key policy let this principal call
 * this action on this key, given the request's condition keys? Used by the local emulation of
 * CreateLogAnomalyDetector and by the key-policy tools. Libraries tried fell short
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

import { ACCOUNT_ID } from './aws/partitions';
import { wildcardMatch } from './wildcard-match';

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

/** The policy uses something this evaluator does not implement, or is malformed. */
export class UnsupportedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPolicyError';
  }
}

type Values = readonly string[];

interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: Values;
}

interface Statement {
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: '*' | { readonly AWS?: Values; readonly Service?: Values };
  readonly actions: Values;
  readonly resources: Values;
  readonly conditions: readonly Condition[];
}

const POLICY_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const UNSUPPORTED_ELEMENTS = ['NotPrincipal', 'NotAction', 'NotResource'] as const;
/** Without a Version IAM uses 2008-10-17, where `${...}` is literal text, not a variable. */
const VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const VARIABLES_VERSION = '2012-10-17';

type Matcher = (actual: string, expected: string) => boolean;

/** Positive matchers: does the request value `actual` match the policy value `expected`? */
const MATCHERS: ReadonlyMap<string, Matcher> = new Map<string, Matcher>([
  ['StringEquals', (a, e) => a === e],
  ['StringEqualsIgnoreCase', (a, e) => a.toLowerCase() === e.toLowerCase()],
  ['StringLike', (a, e) => wildcardMatch(e, a)],
  // IAM: "ArnEquals and ArnLike behave identically", wildcards included.
  ['ArnEquals', (a, e) => arnMatch(e, a)],
  ['ArnLike', (a, e) => arnMatch(e, a)],
]);
/** Negated operators and the positive operator they negate. */
const NEGATIONS: ReadonlyMap<string, string> = new Map([
  ['StringNotEquals', 'StringEquals'],
  ['StringNotEqualsIgnoreCase', 'StringEqualsIgnoreCase'],
  ['StringNotLike', 'StringLike'],
  ['ArnNotEquals', 'ArnEquals'],
  ['ArnNotLike', 'ArnLike'],
]);
const NULL_OPERATOR = 'Null';
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
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** IAM checks each colon-separated part separately, so a `*` never spans a colon before the resource part. */
function arnMatch(pattern: string, value: string): boolean {
  const want = arnParts(pattern);
  const got = arnParts(value);
  if (!want || !got) return false;
  return want.every((w, i) => wildcardMatch(w, got[i]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asValues(value: unknown, where: string): Values {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string')) {
    throw new UnsupportedPolicyError(`${where} must be a string or a non-empty list of strings`);
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

function parsePrincipal(raw: unknown, id: string): Statement['principal'] {
  if (raw === '*') return '*';
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    throw new UnsupportedPolicyError(`Statement ${id}: Principal must be "*" or an object naming at least one principal`);
  }
  for (const type of Object.keys(raw)) {
    if (type !== 'AWS' && type !== 'Service') {
      throw new UnsupportedPolicyError(`Statement ${id}: Principal type ${type} is not supported by this evaluator`);
    }
  }
  const aws = raw.AWS === undefined ? undefined : asValues(raw.AWS, `Statement ${id}: Principal.AWS`);
  const service = raw.Service === undefined ? undefined : asValues(raw.Service, `Statement ${id}: Principal.Service`);
  // IAM: "The service principal in an IAM policy can't be "Service": "*"".
  if (service?.includes('*')) throw new UnsupportedPolicyError(`Statement ${id}: Principal.Service cannot be "*"`);
  return { AWS: aws, Service: service };
}

function parseOperator(operator: string, id: string): void {
  const { base } = splitOperator(operator);
  const known = MATCHERS.has(base) || NEGATIONS.has(base) || operator === NULL_OPERATOR;
  if (!known) throw new UnsupportedPolicyError(`Condition operator ${operator} is not supported by this evaluator (statement ${id})`);
}

function parseConditions(raw: unknown, id: string, variables: boolean): readonly Condition[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw new UnsupportedPolicyError(`Statement ${id}: Condition must be an object`);
  return Object.entries(raw).flatMap(([operator, block]) => {
    parseOperator(operator, id);
    if (!isObject(block)) throw new UnsupportedPolicyError(`Statement ${id}: Condition.${operator} must be an object`);
    return Object.entries(block).map(([key, v]) => {
      const where = `Statement ${id}: Condition.${operator}.${key}`;
      // Null takes JSON booleans as well as "true"/"false" strings.
      const values = operator === NULL_OPERATOR ? nullValues(v, where) : refuseVariables(asValues(v, where), where, variables);
      if (isArnOperator(operator)) refuseNonArnPatterns(values, where);
      return { operator, key, values };
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
  const bad = values.find((v) => arnParts(v) === undefined);
  if (bad !== undefined) {
    throw new UnsupportedPolicyError(`${where}: ${JSON.stringify(bad)} is not an ARN pattern (six colon-separated parts)`);
  }
}

function parseStatement(raw: unknown, index: number, variables: boolean): Statement {
  if (!isObject(raw)) throw new UnsupportedPolicyError(`Statement #${index} must be an object`);
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== 'string') throw new UnsupportedPolicyError(`Statement #${index}: Sid must be a string`);
  const id = sid ? sid : `#${index}`;
  for (const element of UNSUPPORTED_ELEMENTS) {
    if (element in raw) throw new UnsupportedPolicyError(`${element} is not supported by this evaluator (statement ${id})`);
  }
  const unknown = Object.keys(raw).find((k) => !STATEMENT_ELEMENTS.has(k));
  if (unknown !== undefined) throw new UnsupportedPolicyError(`Statement ${id}: unknown element ${unknown}`);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new UnsupportedPolicyError(`Statement ${id}: Effect must be Allow or Deny, got ${JSON.stringify(raw.Effect)}`);
  }
  if (raw.Principal === undefined) throw new UnsupportedPolicyError(`Statement ${id}: a key policy statement needs a Principal`);
  const resourceWhere = `Statement ${id}: Resource`;
  return {
    id,
    effect: raw.Effect,
    principal: parsePrincipal(raw.Principal, id),
    actions: asValues(raw.Action, `Statement ${id}: Action`),
    resources: refuseVariables(asValues(raw.Resource, resourceWhere), resourceWhere, variables),
    conditions: parseConditions(raw.Condition, id, variables),
  };
}

function parsePolicy(policy: string | object): Statement[] {
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch (e) {
      throw new UnsupportedPolicyError(`The policy is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(doc) || !('Statement' in doc)) throw new UnsupportedPolicyError('The policy must be a JSON object with a Statement member');
  const unknown = Object.keys(doc).find((k) => !POLICY_ELEMENTS.has(k));
  if (unknown !== undefined) throw new UnsupportedPolicyError(`The policy has an unknown element ${unknown}`);
  const version = doc.Version;
  if (version !== undefined && !VERSIONS.some((v) => v === version)) {
    throw new UnsupportedPolicyError(`Version must be ${VERSIONS.join(' or ')}, got ${JSON.stringify(version)}`);
  }
  const variables = version === VARIABLES_VERSION;
  const raw = doc.Statement;
  return (Array.isArray(raw) ? raw : [raw]).map((s, i) => parseStatement(s, i, variables));
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
      `The request has condition keys that differ only by case (${names}); which one IAM matches against ${key} is not documented`,
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
  const matches = MATCHERS.get(negated ?? base);
  if (matches === undefined) throw new Error(`unreachable: operator ${condition.operator} passed parsing`);
  // Values of one key are ORed; for a negated operator that makes a NOR.
  const anyMatch = condition.values.some((expected) => matches(actual[0], expected));
  return negated === undefined ? anyMatch : !anyMatch;
}

function statementApplies(statement: Statement, request: KmsRequest): boolean {
  return (
    principalMatches(statement.principal, request.principal) &&
    statement.actions.some((a) => wildcardMatch(a, request.action, { ignoreCase: true })) &&
    statement.resources.some((r) => wildcardMatch(r, request.resource)) &&
    statement.conditions.every((c) => conditionHolds(c, request.context))
  );
}

function describePrincipal(principal: KmsRequest['principal']): string {
  return 'service' in principal ? `service ${principal.service}` : `AWS principal ${principal.aws}`;
}

/**
 * Evaluates `request` against a key policy: an applicable Deny wins, then an applicable Allow;
 * otherwise the request is implicitly denied.
 * @throws UnsupportedPolicyError when the policy is malformed or uses what is not implemented
 */
export function evaluateKeyPolicy(policy: string | object, request: KmsRequest): PolicyEvaluation {
  const applicable = parsePolicy(policy).filter((s) => statementApplies(s, request));
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
