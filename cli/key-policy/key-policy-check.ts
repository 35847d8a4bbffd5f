import { logsKeyAccess } from '../../modules/logs-key-access';
import { LOGS_ARN_CONTEXT_KEY, LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY, logsServicePrincipal, KeyPolicyScope } from '../../modules/key-policy';

/** One thing CloudWatch Logs must be able to do with a key for anomaly detectors. */
interface Requirement {
  readonly action: string;
  readonly contextKey: string;
}

const REQUIREMENTS: readonly Requirement[] = [
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'].map((action) => ({ action, contextKey: LOGS_ARN_CONTEXT_KEY })),
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:DescribeKey'].map((action) => ({
    action,
    contextKey: LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY,
  })),
];

/**
 * What a key policy fails to let CloudWatch Logs do for an anomaly detector of the scope's
 * account and region, one sentence each; empty when the policy is sufficient. Uses the same
 * evaluator as the local AWS gateway.
 */
export function missingLogsPermissions(policyJson: string, scope: KeyPolicyScope): string[] {
  const partition = scope.partition ?? 'aws';
  const service = logsServicePrincipal(scope);
  const detector = `arn:${partition}:logs:${scope.region}:${scope.account}:anomaly-detector:key-policy-check`;
  const key = `arn:${partition}:kms:${scope.region}:${scope.account}:key/00000000-0000-0000-0000-000000000000`;
  const use = { partition, region: scope.region, account: scope.account, keyArn: key, detectorArn: detector };
  return REQUIREMENTS.flatMap(({ action, contextKey }) => {
    const result = logsKeyAccess(policyJson, use, action, contextKey);
    if (result.decision === 'allow') return [];
    const why = result.decision === 'explicit-deny' ? `denied by statement ${result.deniedBy.join(', ')}` : 'no statement allows it';
    return [`${service} cannot call ${action} under ${contextKey}: ${why}`];
  });
}
