import { LOG_GROUP_KEY_REQUIREMENTS, logGroupArn } from './aws/log-group-encryption';
import { logsServicePrincipal } from './aws/cloudwatch-logs';
import { AwsScope, resolveScope } from './aws/scope';
import { ParsedKeyPolicy, parseKeyPolicy } from './key-policy-evaluator';
import { DeniedLogsCall, logsKeyAccess } from './logs-key-access';

/**
 * Every call the guide's log-group statement grants (`LOG_GROUP_KEY_REQUIREMENTS`) that the
 * policy does not let CloudWatch Logs make on `keyArn` for the log group `logGroupArn`, asked
 * as CloudWatch Logs asks (the log group's ARN as encryption context); `scope` is the log
 * group's account and region.
 * @throws UnsupportedPolicyError when the policy uses what the evaluator does not implement
 */
export function deniedLogGroupCalls(policy: string | ParsedKeyPolicy, scope: AwsScope, keyArn: string, logGroupArn: string): DeniedLogsCall[] {
  const parsed = policy instanceof ParsedKeyPolicy ? policy : parseKeyPolicy(policy);
  return LOG_GROUP_KEY_REQUIREMENTS.flatMap((requirement) => {
    const evaluation = logsKeyAccess(parsed, scope, keyArn, logGroupArn, requirement.action, requirement.contextKey);
    return evaluation.decision === 'allow' ? [] : [{ ...requirement, evaluation }];
  });
}

/** A log group name that stands for a pattern when a policy is probed: each `*` becomes a name no one writes. */
function probeName(pattern: string): string {
  return pattern.replace(/\*/g, 'key-policy-check');
}

/**
 * What a key policy fails to let CloudWatch Logs do for the log groups `names` (or `*`
 * patterns, probed with a name they match) of the scope's account and region, one sentence
 * each; empty when the policy is sufficient.
 */
export function missingLogGroupPermissions(policyJson: string, scope: AwsScope, names: readonly string[]): string[] {
  const { partition, region, account } = resolveScope(scope);
  const service = logsServicePrincipal(scope);
  const key = `arn:${partition}:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
  if (names.length === 0) return [];
  const policy = parseKeyPolicy(policyJson);
  return names.flatMap((name) =>
    deniedLogGroupCalls(policy, scope, key, logGroupArn(scope, probeName(name))).map(({ action, evaluation }) => {
      const why = evaluation.decision === 'explicit-deny' ? `denied by statement ${evaluation.deniedBy.join(', ')}` : 'no statement allows it';
      return `${service} cannot call ${action} for log group ${name}: ${why}`;
    }),
  );
}
