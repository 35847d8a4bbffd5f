/**
 * The key policy statement that lets CloudWatch Logs encrypt log groups with a key: the
 * guide's statement ("Encrypt log data in CloudWatch Logs using AWS KMS", step 2), limited to
 * the log groups named. Pure, like `key-policy.ts`: names may be cdktf tokens.
 */
import { LOGS_ARN_CONTEXT_KEY, logsServicePrincipal } from './aws/cloudwatch-logs';
import { ALL_LOG_GROUPS, LOG_GROUP_NAME, LOG_GROUP_NAME_PATTERN, logGroupArn, LOGS_LOG_GROUP_ACTIONS } from './aws/log-group-encryption';
import { AwsScope } from './aws/scope';
import type { KeyPolicyStatement } from './key-policy';

/** Fixed, so plan diffs read well and merges find it. */
export const LOGS_LOG_GROUPS_SID = 'AllowCloudWatchLogsLogGroups';

/** Exact names are compared with ArnEquals; a pattern (or a value known only at plan) with ArnLike. */
export const EXACT_OPERATOR = 'ArnEquals';
export const PATTERN_OPERATOR = 'ArnLike';

const shown = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));

/** The names a key serves, each once; `*` alone when it is among them, since it covers the rest. */
export function servedLogGroupNames(names: readonly string[]): string[] {
  return names.includes(ALL_LOG_GROUPS) ? [ALL_LOG_GROUPS] : [...new Set(names)];
}

/**
 * The guide's log-group statement for the log groups `names` of the scope's account and region:
 * CloudWatch Logs' regional principal may use the key when the encryption context names one of
 * them. The narrowest condition that fits: ArnEquals on the exact ARNs when every name is a
 * literal name, ArnLike when a name holds `*` (`'*'` is every log group of the account there).
 */
export function logGroupsStatement(scope: AwsScope, names: readonly string[]): KeyPolicyStatement {
  const served = servedLogGroupNames(names);
  const arns = served.map((name) => logGroupArn(scope, name));
  const operator = served.every((name) => LOG_GROUP_NAME.test(name)) ? EXACT_OPERATOR : PATTERN_OPERATOR;
  return {
    Sid: LOGS_LOG_GROUPS_SID,
    Effect: 'Allow',
    Principal: { Service: logsServicePrincipal(scope) },
    Action: [...LOGS_LOG_GROUP_ACTIONS],
    Resource: '*',
    Condition: { [operator]: { [LOGS_ARN_CONTEXT_KEY]: arns.length === 1 ? arns[0] : arns } },
  };
}

/**
 * Throws unless `names` is a non-empty list of distinct log group names, or patterns of them
 * with `*`. `unresolved` tells values known only later (cdktf tokens), which pass unchecked.
 */
export function assertLogGroupNames(prop: string, names: unknown, unresolved: (value: string) => boolean = () => false): string[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw new Error(`'${prop}' must be a non-empty list of log group names (or '${ALL_LOG_GROUPS}' for every log group), got ${shown(names)}`);
  }
  const seen = new Set<string>();
  names.forEach((name: unknown, i) => {
    const at = `${prop}[${i}]`;
    if (typeof name !== 'string') throw new Error(`'${at}' must be a log group name string, got ${shown(name)}`);
    if (unresolved(name)) return;
    if (!LOG_GROUP_NAME_PATTERN.test(name)) {
      throw new Error(`'${at}' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got '${name}'`);
    }
    if (seen.has(name)) throw new Error(`'${prop}' must not name a log group twice, got '${name}' twice`);
    seen.add(name);
  });
  return names as string[];
}
