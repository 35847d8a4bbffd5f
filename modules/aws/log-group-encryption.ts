import { LOGS_ARN_CONTEXT_KEY, LOGS_REENCRYPT_ACTION, LogsKeyRequirement } from './cloudwatch-logs';
import { AwsScope, resolveScope } from './scope';

/**
 * CloudWatch Logs' facts about log groups encrypted with a KMS key, from "Encrypt log data in
 * CloudWatch Logs using AWS Key Management Service" (CloudWatch Logs user guide) and the
 * service model (CreateLogGroup, AssociateKmsKey, DisassociateKmsKey, DescribeLogGroups).
 *
 * A log group takes its key at creation (`kmsKeyId`) or later with AssociateKmsKey, and drops
 * it with DisassociateKmsKey: in place, unlike a detector's. Events keep the key they were
 * written with, so an old key must stay usable as long as those events are kept.
 */

/** Actions the guide's key policy grants CloudWatch Logs for log groups, under `LOGS_ARN_CONTEXT_KEY` = the log group's ARN. */
export const LOGS_LOG_GROUP_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'] as const;

/** A concrete call for each action the guide's log-group statement grants (a wildcard stands for one call it covers). */
export const LOG_GROUP_KEY_REQUIREMENTS: readonly LogsKeyRequirement[] = [
  'kms:Encrypt',
  'kms:Decrypt',
  LOGS_REENCRYPT_ACTION,
  'kms:GenerateDataKey',
  'kms:DescribeKey',
].map((action) => ({ action, contextKey: LOGS_ARN_CONTEXT_KEY }));

/** A log group name as CreateLogGroup takes it: 1 to 512 of letters, digits and `_ - / . #`. */
export const LOG_GROUP_NAME = /^[\w.\-/#]{1,512}$/;
/** A log group name that may hold `*` wildcards (which no name holds): what a key may serve. */
export const LOG_GROUP_NAME_PATTERN = /^[\w.\-/#*]{1,512}$/;
/** The pattern that serves every log group of the account in the key's region. */
export const ALL_LOG_GROUPS = '*';

/** `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME`: the log group's ARN as CloudWatch Logs puts it in the encryption context. */
export function logGroupArn(scope: AwsScope, name: string): string {
  const { partition, region, account } = resolveScope(scope);
  return `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
}
