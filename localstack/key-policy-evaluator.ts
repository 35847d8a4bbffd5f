/**
 * Answers one question with IAM's semantics: does this KMS key policy let this principal call
 * this action on this key, given the request's condition keys? Written for the checks
 * CloudWatch Logs makes before using a key for an anomaly detector; libraries tried fell short
 * (@cloud-copilot/iam-simulate ignores `kms:EncryptionContext:` keys that contain colons, pbac
 * rejects a string Resource).
 *
 * Implemented: Allow/Deny with explicit Deny winning; Principal `*`, AWS (account id, account
 * root ARN, other IAM ARNs, `*`) and Service; Action and Resource with `*`/`?` wildcards;
 * condition operators StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringLike,
 * StringNotLike, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, each with `IfExists`.
 * Anything else (NotPrincipal, NotAction, NotResource, other operators, ForAnyValue/ForAllValues)
 * is refused with UnsupportedPolicyError rather than guessed.
 */

export interface KmsRequest {
  /** Who calls: a service principal, or an AWS principal (account id or IAM ARN). */
  readonly principal: { readonly service: string } | { readonly aws: string };
  /** e.g. `kms:GenerateDataKey` */
  readonly action: string;
  /** The key ARN. */
  readonly resource: string;
  /** Condition keys present in the request, e.g. `{ 'kms:EncryptionContext:aws:logs:arn': detectorArn }`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface PolicyEvaluation {
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
interface Statement {
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: '*' | Readonly<Record<string, Values>>;
  readonly actions: Values;
  readonly resources: Values;
  readonly conditions: ReadonlyArray<{ readonly operator: string; readonly key: string; readonly values: Values }>;
}

const STRING_OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (a, e) => a === e,
  StringNotEquals: (a, e) => a !== e,
  StringEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringLike: (a, e) => wildcardMatch(e, a, false),
  StringNotLike: (a, e) => !wildcardMatch(e, a, false),
  ArnEquals: (a, e) => arnMatch(e, a),
  ArnLike: (a, e) => arnMatch(e, a),
  ArnNotEquals: (a, e) => !arnMatch(e, a),
  ArnNotLike: (a, e) => !arnMatch(e, a),
};
// Negated operators: every listed value must be unmatched (IAM ANDs them); others OR the values.
const NEGATED = new Set(['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

/** `*` any run of characters, `?` one character; IAM action names compare case-insensitively. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** ARN operators compare each of the six colon-separated parts with wildcards; the resource part keeps its colons. */
function arnMatch(pattern: string, value: string): boolean {
  const parts = (arn: string) => {
    const p = arn.split(':');
    return p.length < 6 ? undefined : [...p.slice(0, 5), p.slice(5).join(':')];
  };
  const want = parts(pattern);
  const got = parts(value);
  if (!want || !got) return false;
  return want.every((w, i) => wildcardMatch(w, got[i], false));
}

function asValues(value: unknown, where: string): Values {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string')) {
    throw new UnsupportedPolicyError(`${where} must be a string or a non-empty list of strings`);
  }
  return list as string[];
}

function parseStatement(raw: unknown, index: number): Statement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UnsupportedPolicyError(`Statement #${index} must be an object`);
  }
  const s = raw as Record<string, unknown>;
  const id = typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${index}`;
  for (const element of ['NotPrincipal', 'NotAction', 'NotResource']) {
    if (element in s) throw new UnsupportedPolicyError(`${element} is not supported by this evaluator (statement ${id})`);
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new UnsupportedPolicyError(`Statement ${id}: Effect must be Allow or Deny, got ${JSON.stringify(s.Effect)}`);
  }
  if (s.Principal === undefined) throw new UnsupportedPolicyError(`Statement ${id}: a key policy statement needs a Principal`);
  return {
    id,
    effect: s.Effect,
    principal: parsePrincipal(s.Principal, id),
    actions: asValues(s.Action, `Statement ${id}: Action`),
    resources: asValues(s.Resource, `Statement ${id}: Resource`),
    conditions: parseConditions(s.Condition, id),
  };
}

function parsePrincipal(raw: unknown, id: string): Statement['principal'] {
  if (raw === '*') return '*';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UnsupportedPolicyError(`Statement ${id}: Principal must be "*" or an object`);
  }
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([type, v]) => {
      if (type !== 'AWS' && type !== 'Service') {
        throw new UnsupportedPolicyError(`Statement ${id}: Principal type ${type} is not supported by this evaluator`);
      }
      return [type, asValues(v, `Statement ${id}: Principal.${type}`)];
    }),
  );
}

function parseConditions(raw: unknown, id: string): Statement['conditions'] {
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UnsupportedPolicyError(`Statement ${id}: Condition must be an object`);
  }
  return Object.entries(raw as Record<string, unknown>).flatMap(([operator, block]) => {
    if (STRING_OPERATORS[operator.replace(/IfExists$/, '')] === undefined) {
      throw new UnsupportedPolicyError(`Condition operator ${operator} is not supported by this evaluator (statement ${id})`);
    }
    if (block === null || typeof block !== 'object' || Array.isArray(block)) {
      throw new UnsupportedPolicyError(`Statement ${id}: Condition.${operator} must be an object`);
    }
    return Object.entries(block as Record<string, unknown>).map(([key, v]) => ({
      operator,
      key,
      values: asValues(v, `Statement ${id}: Condition.${operator}.${key}`),
    }));
  });
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
  if (doc === null || typeof doc !== 'object' || !('Statement' in doc)) {
    throw new UnsupportedPolicyError('The policy must be a JSON object with a Statement member');
  }
  const raw = (doc as { Statement: unknown }).Statement;
  return (Array.isArray(raw) ? raw : [raw]).map(parseStatement);
}

function principalMatches(principal: Statement['principal'], request: KmsRequest['principal']): boolean {
  if (principal === '*') return true;
  if ('service' in request) {
    return (principal.Service ?? []).some((s) => s.toLowerCase() === request.service.toLowerCase());
  }
  const callerAccount = /^\d{12}$/.test(request.aws) ? request.aws : request.aws.split(':')[4];
  return (principal.AWS ?? []).some((p) => {
    if (p === '*') return true;
    if (p === request.aws) return true;
    // An account id or its root ARN delegates to the account's IAM policies: any principal of
    // that account is taken as allowed here (this evaluator sees key policies only).
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(p);
    return p === callerAccount || root?.[1] === callerAccount;
  });
}

const ENCRYPTION_CONTEXT_PREFIX = 'kms:encryptioncontext:';

/**
 * Condition key names are case-insensitive in IAM, except the context-key part of
 * `kms:EncryptionContext:context-key`, which KMS matches case-sensitively (its docs point to
 * these conditions "to require a fully case-sensitive encryption context").
 */
function sameConditionKey(policyKey: string, requestKey: string): boolean {
  const p = policyKey.toLowerCase();
  const r = requestKey.toLowerCase();
  if (p.startsWith(ENCRYPTION_CONTEXT_PREFIX) && r.startsWith(ENCRYPTION_CONTEXT_PREFIX)) {
    return policyKey.slice(ENCRYPTION_CONTEXT_PREFIX.length) === requestKey.slice(ENCRYPTION_CONTEXT_PREFIX.length);
  }
  return p === r;
}

function contextValues(context: KmsRequest['context'], key: string): Values | undefined {
  const found = Object.entries(context ?? {}).find(([k]) => sameConditionKey(key, k));
  if (!found) return undefined;
  return typeof found[1] === 'string' ? [found[1]] : found[1];
}

function conditionHolds(condition: Statement['conditions'][number], context: KmsRequest['context']): boolean {
  const ifExists = condition.operator.endsWith('IfExists');
  const base = condition.operator.replace(/IfExists$/, '');
  const actual = contextValues(context, condition.key);
  if (actual === undefined) return ifExists;
  const test = STRING_OPERATORS[base];
  const valueHolds = (a: string) =>
    NEGATED.has(base) ? condition.values.every((e) => test(a, e)) : condition.values.some((e) => test(a, e));
  return actual.every(valueHolds);
}

function statementApplies(statement: Statement, request: KmsRequest): boolean {
  return (
    principalMatches(statement.principal, request.principal) &&
    statement.actions.some((a) => wildcardMatch(a, request.action, true)) &&
    statement.resources.some((r) => wildcardMatch(r, request.resource, false)) &&
    statement.conditions.every((c) => conditionHolds(c, request.context))
  );
}

function describePrincipal(principal: KmsRequest['principal']): string {
  return 'service' in principal ? `service ${principal.service}` : `AWS principal ${principal.aws}`;
}

/**
 * Evaluates `request` against a key policy.
 * @throws UnsupportedPolicyError when the policy is malformed or uses what is not implemented
 */
export function evaluateKeyPolicy(policy: string | object, request: KmsRequest): PolicyEvaluation {
  const applicable = parsePolicy(policy).filter((s) => statementApplies(s, request));
  const deniedBy = applicable.filter((s) => s.effect === 'Deny').map((s) => s.id);
  const allowedBy = applicable.filter((s) => s.effect === 'Allow').map((s) => s.id);
  const who = describePrincipal(request.principal);
  if (deniedBy.length > 0) {
    return { decision: 'explicit-deny', allowedBy, deniedBy, reason: `statement ${deniedBy.join(', ')} denies ${request.action} to ${who}` };
  }
  if (allowedBy.length > 0) {
    return { decision: 'allow', allowedBy, deniedBy, reason: `statement ${allowedBy.join(', ')} allows ${request.action} to ${who}` };
  }
  return {
    decision: 'implicit-deny',
    allowedBy,
    deniedBy,
    reason: `no statement allows ${request.action} to ${who} on ${request.resource} with the given request context`,
  };
}
