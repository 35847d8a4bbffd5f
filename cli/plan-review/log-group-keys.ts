import { kmsKeyIdChanges, PlanJson, ResourceChange } from '../../terraform-runner/plan-json';
import { LOGS_DATA_KEY_ACTIONS } from '../../modules/aws/cloudwatch-logs';
import { ParsedKeyPolicy } from '../../modules/key-policy-evaluator';
import { logsKeyAccess } from '../../modules/logs-key-access';
import { resolveScope } from '../../modules/aws/scope';
import type { ReviewedKey, ReviewedPolicy } from './key-policy-changes';
import { Finding, ReviewAction, RULES } from './findings';

export const LOG_GROUP = 'aws_cloudwatch_log_group';

/** A log group whose events written so far are encrypted with a key: the key it held before this plan. */
export interface LogGroupData {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The log groups whose stored events each key encrypts, by key ARN: every existing log group of
 * the plan (changed or not) with a `kms_key_id` before it. A log group destroyed by the plan
 * takes its events with it and is left out.
 */
export function logGroupsHoldingData(plan: PlanJson): ReadonlyMap<string, readonly LogGroupData[]> {
  const holding = new Map<string, LogGroupData[]>();
  for (const change of plan.resource_changes ?? []) {
    const before = change.change.before;
    const keyArn = text(before?.kms_key_id);
    if (change.type !== LOG_GROUP || keyArn === undefined || change.change.actions.includes('delete')) continue;
    const group = { address: change.address, name: text(before?.name) ?? change.address, arn: text(before?.arn) ?? '' };
    holding.set(keyArn, [...(holding.get(keyArn) ?? []), group]);
  }
  return holding;
}

/** `log groups /a and /b`: how a key's loss names the log events it takes along. */
export function logGroupsSentence(groups: readonly LogGroupData[]): string {
  const names = groups.map((g) => g.name);
  return `${names.length === 1 ? 'log group' : 'log groups'} ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/**
 * What a log group's change means for its key: a key given or switched in place (no
 * replacement; the association takes up to five minutes). Switching away from a key leaves the
 * events written before encrypted under it: a warning says the old key must stay usable.
 */
export function reviewLogGroup(change: ResourceChange, action: ReviewAction, findings: Finding[]): { why: string; association: boolean } {
  const before = text(change.change.before?.kms_key_id);
  const after = change.change.after_unknown?.kms_key_id === true ? '(known after apply)' : text(change.change.after?.kms_key_id);
  const name = text(change.change.before?.name) ?? text(change.change.after?.name) ?? change.address;
  if (action !== 'update' || !kmsKeyIdChanges(change)) {
    return { why: action === 'create' && after !== undefined ? `new log group, key ${after}` : '', association: action === 'create' && after !== undefined };
  }
  if (before !== undefined) {
    findings.push({
      severity: 'warning',
      rule: RULES.logGroupKeySwitched,
      address: change.address,
      message:
        `Log group ${name} ${after === undefined ? 'drops its key' : `switches its key to ${after}`} in place: the events it holds stay encrypted ` +
        `with ${before}, which must stay Enabled, with a policy letting CloudWatch Logs use it for this log group, as long as those events are kept.`,
    });
  }
  return { why: `kms_key_id ${before ?? 'none'} → ${after ?? 'none'} (in place)`, association: true };
}

/** A log group ARN, or ARN pattern, anywhere in a policy. */
const LOG_GROUP_ARN = /arn:[\w-]+:logs:[^:"]*:\d{12}:log-group:[^"]+/g;

/**
 * The log groups a policy change is judged for: those of the plan whose events the key holds,
 * and every log group (pattern) the old policy names, a pattern probed with a name it matches.
 */
function logGroupArnsToProbe(before: string, holding: readonly LogGroupData[]): string[] {
  const named = Array.from(before.matchAll(LOG_GROUP_ARN), (m) => m[0].replace(/\*/g, 'plan-review-probe'));
  return [...new Set([...holding.map((g) => g.arn).filter((arn) => arn !== ''), ...named])];
}

/**
 * Sentences naming each log group for which CloudWatch Logs could generate data keys and
 * decrypt with the key under the old policy and no longer can under the new one: the log
 * group's events become unreadable.
 */
export function logGroupAccessLost(before: ReviewedPolicy, after: ReviewedPolicy, key: ReviewedKey, holding: readonly LogGroupData[]): string[] {
  const scope = resolveScope(key.scope);
  const allowed = (policy: ParsedKeyPolicy, arn: string) =>
    LOGS_DATA_KEY_ACTIONS.every((action) => logsKeyAccess(policy, scope, key.keyArn, arn, action).decision === 'allow');
  return logGroupArnsToProbe(before.text, holding)
    .filter((arn) => allowed(before.parsed, arn) && !allowed(after.parsed, arn))
    .map((arn) => `CloudWatch Logs loses ${LOGS_DATA_KEY_ACTIONS.join('/')} for log group ${arn.replace(/plan-review-probe/g, '*')}`);
}
