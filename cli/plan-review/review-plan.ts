import { kmsKeyIdChanges, PlanJson, ResourceChange } from '../../terraform-runner/plan-json';
import { parseKeyArn } from '../../modules/aws/arns';
import { DETECTOR_FIELDS_ONLY_SET_AT_CREATION } from '../../modules/aws/cloudwatch-logs';
import { parseKeyPolicy, UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { comparePolicies, ReviewedKey, ReviewedPolicy } from './key-policy-changes';
import { Finding, PlanReview, ReviewAction, ReviewedChange, RULES } from './findings';
import { LOG_GROUP, LogGroupData, logGroupAccessLost, logGroupsHoldingData, logGroupsSentence, reviewLogGroup } from './log-group-keys';

const DETECTOR = 'aws_cloudwatch_log_anomaly_detector';
const KEY = 'aws_kms_key';
const KEY_POLICY = 'aws_kms_key_policy';
/** Detector attributes the construct replaces on (UpdateLogAnomalyDetector cannot change them). */
const TRIGGERED_ATTRIBUTES = DETECTOR_FIELDS_ONLY_SET_AT_CREATION.map(({ attribute }) => attribute);

/** The parts of a synthesized configuration (cdk.tf.json) plan review reads: lifecycle isn't in plan JSON. */
export interface SynthesizedConfig {
  readonly resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
}

export function actionOf(change: ResourceChange): ReviewAction {
  const actions = change.change.actions;
  if (actions.includes('forget')) return 'forget';
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'destroy';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

type Attributes = Record<string, unknown>;
const attr = (values: Attributes | null, name: string): unknown => values?.[name];
const shown = (value: unknown): string => (value === undefined || value === null ? 'none' : typeof value === 'string' ? value : JSON.stringify(value));

/** Attribute names whose value changes or becomes unknown (tags_all mirrors tags). */
function changedAttributes(change: ResourceChange): string[] {
  const before = change.change.before ?? {};
  const after = change.change.after ?? {};
  const unknown = change.change.after_unknown ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => k !== 'tags_all' && (JSON.stringify(before[k]) !== JSON.stringify(after[k]) || unknown[k] === true))
    .sort();
}

function reviewedKey(keyArn: unknown): ReviewedKey | undefined {
  if (typeof keyArn !== 'string') return undefined;
  // A parsed key ARN names its partition, region and account: it is the key's scope.
  const arn = parseKeyArn(keyArn);
  return arn && { keyArn, scope: arn };
}

function reviewDetector(change: ResourceChange, action: ReviewAction, findings: Finding[]): { why: string; association: boolean } {
  const before = change.change.before;
  const after = change.change.after;
  const afterUnknown = change.change.after_unknown ?? {};
  const unknownKey = afterUnknown.kms_key_id === true;
  const oldKey = shown(attr(before, 'kms_key_id'));
  const newKey = unknownKey ? '(known after apply)' : shown(attr(after, 'kms_key_id'));
  const loss = "the old detector's learned patterns and anomalies are lost and its ARN changes";
  if (action === 'create') {
    return { why: `new detector, key ${newKey === 'none' ? "CloudWatch Logs' own" : newKey}`, association: newKey !== 'none' };
  }
  if (action === 'destroy') {
    findings.push({
      severity: 'warning',
      rule: RULES.detectorDestroyed,
      address: change.address,
      message: `Detector ${shown(attr(before, 'arn'))} is destroyed: its learned patterns and anomalies are lost.`,
    });
    return { why: 'destroyed', association: oldKey !== 'none' };
  }
  if (action === 'replace') {
    const keyChanged = kmsKeyIdChanges(change);
    if (keyChanged) {
      const what =
        newKey === 'none'
          ? `kms_key_id was removed (was ${oldKey}); CloudWatch Logs' own encryption from now on`
          : `kms_key_id changed from ${oldKey} to ${newKey}`;
      findings.push({ severity: 'warning', rule: RULES.detectorReplaced, address: change.address, message: `Detector replaced because ${what}: ${loss}.` });
      return { why: what, association: true };
    }
    // Computed values the provider fills in (anomaly_visibility_time) are unknown in a replacement's plan: not a change.
    const triggered = TRIGGERED_ATTRIBUTES.filter((a) => afterUnknown[a] !== true && JSON.stringify(attr(before, a)) !== JSON.stringify(attr(after, a)));
    const reason =
      triggered.length > 0 ? `${triggered.join(', ')} changed (UpdateLogAnomalyDetector cannot change them)` : (change.action_reason ?? 'replacement');
    findings.push({ severity: 'warning', rule: RULES.detectorReplaced, address: change.address, message: `Detector replaced because ${reason}: ${loss}.` });
    return { why: reason, association: false };
  }
  return { why: `in place: ${changedAttributes(change).join(', ')}`, association: false };
}

/** The log groups whose events a key (by the ARN it had before the plan) encrypts. */
type HoldingData = ReadonlyMap<string, readonly LogGroupData[]>;

function reviewKey(change: ResourceChange, action: ReviewAction, findings: Finding[], holding: HoldingData): string {
  const before = change.change.before;
  const after = change.change.after;
  const arn = shown(attr(before, 'arn'));
  const groups = holding.get(arn) ?? [];
  const lost =
    groups.length === 0
      ? 'data encrypted with it (anomaly detectors, their models and findings) can no longer be retrieved'
      : `data encrypted with it can no longer be retrieved: the events of ${logGroupsSentence(groups)}, and anomaly detectors' models and findings`;
  if (action === 'destroy' || action === 'replace') {
    const what = action === 'replace' ? 'replaced; the old key is scheduled for deletion' : 'scheduled for deletion';
    findings.push({ severity: 'blocking', rule: RULES.keyDeletion, address: change.address, message: `Key ${arn} is ${what}: ${lost}.` });
    return action === 'replace' ? `replaced: ${changedAttributes(change).join(', ')}` : 'scheduled for deletion';
  }
  if (action === 'forget') {
    findings.push({
      severity: 'info',
      rule: RULES.keyForgotten,
      address: change.address,
      message: `Key ${arn} leaves the configuration and is not deleted: Terraform forgets it and it stays in KMS as it is; use it again by ARN, or schedule its deletion by hand once no data needs it.`,
    });
    return 'forgotten, not deleted';
  }
  if (action !== 'update') return action === 'create' ? 'new key' : '';
  if (attr(before, 'is_enabled') !== false && attr(after, 'is_enabled') === false) {
    findings.push({
      severity: 'blocking',
      rule: RULES.keyDisabled,
      address: change.address,
      message: `Key ${arn} is disabled: until it is enabled again, ${lost}.`,
    });
  }
  reviewPolicy(change.address, attr(before, 'policy'), attr(after, 'policy'), reviewedKey(attr(before, 'arn')), findings, holding);
  return `in place: ${changedAttributes(change).join(', ')}`;
}

function reviewPolicy(address: string, before: unknown, after: unknown, key: ReviewedKey | undefined, findings: Finding[], holding: HoldingData): void {
  if (typeof before !== 'string' || before === after || key === undefined) return;
  if (typeof after !== 'string') {
    findings.push({
      severity: 'blocking',
      rule: RULES.keyPolicyUnknown,
      address,
      message: 'The key policy is removed or becomes unknown: CloudWatch Logs may lose access to the key; review the change by hand.',
    });
    return;
  }
  let policies: [ReviewedPolicy, ReviewedPolicy];
  try {
    policies = [
      { text: before, parsed: parseKeyPolicy(before) },
      { text: after, parsed: parseKeyPolicy(after) },
    ];
  } catch (e) {
    if (!(e instanceof UnsupportedPolicyError)) throw e;
    // Too large, malformed or beyond the evaluator: a person must read it.
    findings.push({
      severity: 'blocking',
      rule: RULES.keyPolicyNarrowed,
      address,
      message: `Key policy narrowed: the key policy could not be evaluated (${e.message}); review it by hand; detectors encrypted with this key become unreadable.`,
    });
    return;
  }
  const { narrowed, widened } = comparePolicies(...policies, key);
  for (const n of narrowed)
    findings.push({
      severity: 'blocking',
      rule: RULES.keyPolicyNarrowed,
      address,
      message: `Key policy narrowed: ${n}; detectors encrypted with this key become unreadable.`,
    });
  for (const n of logGroupAccessLost(...policies, key, holding.get(key.keyArn) ?? [])) {
    findings.push({
      severity: 'blocking',
      rule: RULES.keyPolicyNarrowed,
      address,
      message: `Key policy narrowed: ${n}; its events encrypted with this key become unreadable.`,
    });
  }
  for (const w of widened) findings.push({ severity: 'warning', rule: RULES.keyPolicyWidened, address, message: `Key policy widened: ${w}.` });
}

/** Flags existing keys the configuration leaves without prevent_destroy; returns those it could not check. */
function unprotectedKeys(plan: PlanJson, config: SynthesizedConfig | undefined, findings: Finding[]): string[] {
  const existing = (plan.resource_changes ?? []).filter((c) => c.type === KEY && c.change.before !== null && actionOf(c) !== 'forget');
  if (!config) return existing.map((c) => c.address);
  const keys = config.resource?.[KEY] ?? {};
  for (const change of existing) {
    const configured = keys[change.name];
    if (configured && configured.lifecycle?.prevent_destroy !== true) {
      findings.push({
        severity: 'blocking',
        rule: RULES.keyUnprotected,
        address: change.address,
        message: `Key ${shown(attr(change.change.before, 'arn'))} is not protected by prevent_destroy: a later plan could delete it and make its data unretrievable.`,
      });
    }
  }
  return [];
}

/** Reviews a plan with this domain's knowledge: what replacing, deleting or narrowing means for encrypted detectors. */
export function reviewPlan(plan: PlanJson, config?: SynthesizedConfig): PlanReview {
  const findings: Finding[] = [];
  const changes: ReviewedChange[] = [];
  const holding = logGroupsHoldingData(plan);
  let associationChanges = false;
  for (const change of plan.resource_changes ?? []) {
    const action = actionOf(change);
    if (action === 'no-op' || action === 'read') continue;
    let why: string;
    if (change.type === DETECTOR) {
      const detector = reviewDetector(change, action, findings);
      why = detector.why;
      associationChanges ||= detector.association;
    } else if (change.type === KEY) {
      why = reviewKey(change, action, findings, holding);
    } else if (change.type === LOG_GROUP) {
      const logGroup = reviewLogGroup(change, action, findings);
      why = logGroup.why || (action === 'update' || action === 'replace' ? changedAttributes(change).join(', ') : '');
      associationChanges ||= logGroup.association;
    } else if (change.type === KEY_POLICY) {
      if (action === 'destroy') {
        findings.push({
          severity: 'blocking',
          rule: RULES.keyPolicyResourceDestroyed,
          address: change.address,
          message: 'The key policy resource is destroyed: check that CloudWatch Logs keeps access to the key.',
        });
      }
      reviewPolicy(
        change.address,
        attr(change.change.before, 'policy'),
        attr(change.change.after, 'policy'),
        reviewedKey(attr(change.change.before, 'key_id')),
        findings,
        holding,
      );
      why = action === 'update' ? 'policy changed' : action;
    } else {
      why = action === 'update' || action === 'replace' ? changedAttributes(change).join(', ') : '';
    }
    changes.push({ address: change.address, action, why });
  }
  const uncheckedKeys = unprotectedKeys(plan, config, findings);
  return { changes, findings, associationChanges, uncheckedKeys };
}
