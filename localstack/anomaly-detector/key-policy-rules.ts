import { wildcardMatch } from '../../modules/wildcard-match';

/*
 * The local AWS's own answer to "may this service principal make this call on this key?", in
 * moto's style: a few documented rules, written from the IAM User Guide ("IAM JSON policy
 * elements reference", "Policy evaluation logic") and the KMS Developer Guide ("Key policies",
 * "AWS KMS condition keys"), and no import of the product's evaluator. Tests where the product
 * and the local AWS agree then compare two opinions, and a shared table of literal policies
 * with AWS's answers (__tests__/fixtures/key-policy-oracle.ts) keeps both honest.
 *
 * The rules:
 * 1. The policy is a JSON object whose Statement is a statement or a list of them.
 * 2. A statement applies to a call when all of these hold:
 *    - Principal is "*", or its Service names the caller (case-insensitive); an AWS principal
 *      never names a service. NotPrincipal, in a Deny, applies when it does not name the caller.
 *    - Action (NotAction: none) matches the call, `*` and `?` as wildcards, case-insensitive.
 *    - Resource (NotResource: none) matches the key ARN, `*` and `?` as wildcards.
 *    - Every condition holds (rule 4).
 * 3. An applicable Deny refuses; else an applicable Allow admits; else the call is refused.
 * 4. Conditions: StringEquals, StringNotEquals, StringEqualsIgnoreCase,
 *    StringNotEqualsIgnoreCase, StringLike, StringNotLike, ArnEquals, ArnLike, ArnNotEquals,
 *    ArnNotLike (each also ...IfExists) and Null. Key names are case-insensitive. A key the
 *    call does not carry makes a positive operator false and a negated or IfExists one true.
 *    A value list is ORed (NOR for a negated operator). Arn operators match each of the six
 *    colon-separated parts on its own.
 * Anything else (NotPrincipal in an Allow, other operators, ForAnyValue/ForAllValues, policy
 * variables) is not judged: `PolicyNotJudged` says so, rather than a guess.
 */

/** One call to judge: who, what, on which key, with which condition keys. */
export interface ServiceCall {
  readonly servicePrincipal: string;
  readonly action: string;
  readonly keyArn: string;
  readonly conditionKeys: Readonly<Record<string, string>>;
}

/** The answer: `admitted`, or refused with the statements that denied (empty: none allowed). */
export type CallAnswer = { readonly admitted: true } | { readonly admitted: false; readonly deniedBy: readonly string[] };

/** The policy uses what these rules do not judge. */
export class PolicyNotJudged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyNotJudged';
  }
}

type Json = Record<string, unknown>;

const POSITIVE = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'] as const;
const NEGATED: Readonly<Record<string, (typeof POSITIVE)[number]>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, where: string): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string')) throw new PolicyNotJudged(`${where} is not a string or a list of strings`);
  const values = list as string[];
  if (values.some((v) => v.includes('${'))) throw new PolicyNotJudged(`${where} uses a policy variable`);
  return values;
}

function arnMatches(pattern: string, value: string): boolean {
  const p = pattern.split(':');
  const v = value.split(':');
  if (p.length < 6 || v.length < 6) return false;
  const parts = (a: string[]) => [...a.slice(0, 5), a.slice(5).join(':')];
  const vp = parts(v);
  return parts(p).every((part, i) => wildcardMatch(part, vp[i]));
}

function matches(operator: (typeof POSITIVE)[number], actual: string, expected: string): boolean {
  switch (operator) {
    case 'StringEquals':
      return actual === expected;
    case 'StringEqualsIgnoreCase':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'StringLike':
      return wildcardMatch(expected, actual);
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatches(expected, actual);
  }
}

function conditionHolds(operator: string, key: string, rawValues: unknown, call: ServiceCall, where: string): boolean {
  const found = Object.entries(call.conditionKeys).find(([name]) => name.toLowerCase() === key.toLowerCase());
  const actual = found?.[1];
  if (operator === 'Null') {
    const wanted = (Array.isArray(rawValues) ? rawValues : [rawValues]).map((v) => String(v).toLowerCase());
    return wanted.includes(String(actual === undefined));
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const positive = NEGATED[base] ?? POSITIVE.find((p) => p === base);
  if (positive === undefined) throw new PolicyNotJudged(`${where} uses the condition operator ${operator}`);
  const values = strings(rawValues, `${where}.${operator}.${key}`);
  if (actual === undefined) return ifExists || NEGATED[base] !== undefined;
  const any = values.some((expected) => matches(positive, actual, expected));
  return NEGATED[base] === undefined ? any : !any;
}

function principalNamed(principal: unknown, service: string, where: string): boolean {
  if (principal === '*') return true;
  if (!isJson(principal)) throw new PolicyNotJudged(`${where} is neither "*" nor an object`);
  if (principal.Service === undefined) return false;
  return strings(principal.Service, `${where}.Service`).some((s) => s.toLowerCase() === service.toLowerCase());
}

function listed(statement: Json, element: string, value: string, where: string, ignoreCase: boolean): boolean {
  const positive = statement[element];
  const negative = statement[`Not${element}`];
  if (positive !== undefined) return strings(positive, `${where}.${element}`).some((p) => wildcardMatch(p, value, { ignoreCase }));
  if (negative !== undefined) return !strings(negative, `${where}.Not${element}`).some((p) => wildcardMatch(p, value, { ignoreCase }));
  throw new PolicyNotJudged(`${where} has neither ${element} nor Not${element}`);
}

function applies(statement: Json, call: ServiceCall, where: string): boolean {
  let principal: boolean;
  if (statement.NotPrincipal !== undefined) {
    if (statement.Effect !== 'Deny') throw new PolicyNotJudged(`${where} uses NotPrincipal in an Allow`);
    principal = !principalNamed(statement.NotPrincipal, call.servicePrincipal, `${where}.NotPrincipal`);
  } else {
    principal = principalNamed(statement.Principal, call.servicePrincipal, `${where}.Principal`);
  }
  if (!principal || !listed(statement, 'Action', call.action, where, true) || !listed(statement, 'Resource', call.keyArn, where, false)) return false;
  const condition = statement.Condition ?? {};
  if (!isJson(condition)) throw new PolicyNotJudged(`${where}.Condition is not an object`);
  return Object.entries(condition).every(([operator, block]) => {
    if (!isJson(block)) throw new PolicyNotJudged(`${where}.Condition.${operator} is not an object`);
    return Object.entries(block).every(([key, values]) => conditionHolds(operator, key, values, call, `${where}.Condition`));
  });
}

/** Judges one call against a key policy by the rules above. @throws PolicyNotJudged */
export function judgeServiceCall(policy: string, call: ServiceCall): CallAnswer {
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw new PolicyNotJudged('the policy is not JSON');
  }
  if (!isJson(document) || document.Statement === undefined) throw new PolicyNotJudged('the policy has no Statement');
  const statements: unknown[] = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const denied: string[] = [];
  let allowed = false;
  statements.forEach((statement, index) => {
    const name = isJson(statement) && typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index}`;
    if (!isJson(statement)) throw new PolicyNotJudged(`statement ${name} is not an object`);
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw new PolicyNotJudged(`statement ${name} has no Effect Allow or Deny`);
    if (!applies(statement, call, `statement ${name}`)) return;
    if (statement.Effect === 'Deny') denied.push(name);
    else allowed = true;
  });
  if (denied.length > 0) return { admitted: false, deniedBy: denied };
  return allowed ? { admitted: true } : { admitted: false, deniedBy: [] };
}
