import { parseKeyArn } from './aws/arns';
import { LOGS_ARN_CONTEXT_KEY, LOGS_KEY_REQUIREMENTS, LogsKeyRequirement, logsServicePrincipal } from './aws/cloudwatch-logs';
import { AwsScope, resolveScope } from './aws/scope';
import { evaluateKeyPolicy, ParsedKeyPolicy, parseKeyPolicy, PolicyEvaluation } from './key-policy-evaluator';

/**
 * Whether a key policy lets CloudWatch Logs call `action` on the key for the detector, asked
 * the way CloudWatch Logs asks: its regional service principal, the detector's ARN as the
 * encryption context under `contextKey`, and the source keys AWS's current guide conditions on.
 * `scope` is the detector's account and region.
 */
export function logsKeyAccess(
  policy: string | ParsedKeyPolicy,
  scope: AwsScope,
  keyArn: string,
  detectorArn: string,
  action: string,
  contextKey: string = LOGS_ARN_CONTEXT_KEY,
): PolicyEvaluation {
  return evaluateKeyPolicy(policy, {
    principal: { service: logsServicePrincipal(scope) },
    action,
    resource: keyArn,
    context: { [contextKey]: detectorArn, 'aws:SourceArn': detectorArn, 'aws:SourceAccount': scope.account },
  });
}

/** The scope (partition, region, account) a key ARN names. @throws when it is not a key ARN */
export function scopeOfKey(keyArn: string): Required<Pick<AwsScope, 'partition' | 'region' | 'account'>> {
  const arn = parseKeyArn(keyArn);
  if (!arn) throw new Error(`'${keyArn}' is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID)`);
  return { partition: arn.partition, region: arn.region, account: arn.account };
}

/**
 * What a key policy fails to let CloudWatch Logs do for an anomaly detector of the scope's
 * account and region, one sentence each; empty when the policy is sufficient: every call the
 * guide's two statements grant, each under its encryption context. The partition comes from
 * the region unless the scope gives it, as for the policy `mergeKeyPolicy` writes.
 */
export function missingLogsPermissions(policyJson: string, scope: AwsScope): string[] {
  const { partition, region, account } = resolveScope(scope);
  const service = logsServicePrincipal(scope);
  const detector = `arn:${partition}:logs:${region}:${account}:anomaly-detector:key-policy-check`;
  const key = `arn:${partition}:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
  return deniedLogsCalls(parseKeyPolicy(policyJson), scope, key, detector).map(({ action, contextKey, evaluation }) => {
    const why = evaluation.decision === 'explicit-deny' ? `denied by statement ${evaluation.deniedBy.join(', ')}` : 'no statement allows it';
    return `${service} cannot call ${action} under ${contextKey}: ${why}`;
  });
}

/** A call CloudWatch Logs needs that a policy does not allow, and the evaluator's answer. */
export interface DeniedLogsCall extends LogsKeyRequirement {
  /** Why the policy does not allow the call. */
  readonly evaluation: PolicyEvaluation;
}

/**
 * Every call the guide's policy grants (`LOGS_KEY_REQUIREMENTS`) that the policy does not let
 * CloudWatch Logs make on `keyArn` for `detectorArn`; `scope` is the detector's.
 * @throws UnsupportedPolicyError when the policy uses what the evaluator does not implement
 */
export function deniedLogsCalls(policy: string | ParsedKeyPolicy, scope: AwsScope, keyArn: string, detectorArn: string): DeniedLogsCall[] {
  const parsed = policy instanceof ParsedKeyPolicy ? policy : parseKeyPolicy(policy);
  return LOGS_KEY_REQUIREMENTS.flatMap((requirement) => {
    const evaluation = logsKeyAccess(parsed, scope, keyArn, detectorArn, requirement.action, requirement.contextKey);
    return evaluation.decision === 'allow' ? [] : [{ ...requirement, evaluation }];
  });
}

/** A principal of an account no policy names: what a stranger's request looks like. */
const STRANGER = 'arn:aws:iam::000000000001:root';

/**
 * Whether a principal of another account may decrypt with the key, no condition met: the key
 * is open to everyone (a `*` principal without a condition, say). `keyArn` is `'*'` when the
 * key is not known, as for a policy checked on its own.
 */
export function otherAccountsMayDecrypt(policy: string | ParsedKeyPolicy, keyArn: string): boolean {
  return evaluateKeyPolicy(policy, { principal: { aws: STRANGER }, action: 'kms:Decrypt', resource: keyArn }).decision === 'allow';
}
