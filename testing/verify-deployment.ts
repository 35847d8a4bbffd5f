import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { logsKeyAccess, scopeOfKey } from '../modules/logs-key-access';
import { LOGS_DATA_KEY_ACTIONS, logsServicePrincipal } from '../modules/aws/cloudwatch-logs';
import { logGroupArn } from '../modules/aws/log-group-encryption';
import { deniedLogGroupCalls } from '../modules/log-group-key-access';

/** One verified fact about a deployment, or why it does not hold. */
export interface Verification {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The detector as AWS holds it is associated with exactly this key. */
export async function verifyAssociation(logs: CloudWatchLogsClient, detectorArn: string, keyArn: string): Promise<Verification> {
  const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }));
  const ok = detector.kmsKeyId === keyArn;
  return {
    check: 'association',
    ok,
    detail: ok ? `GetLogAnomalyDetector.kmsKeyId is ${keyArn}` : `GetLogAnomalyDetector.kmsKeyId is ${detector.kmsKeyId ?? 'absent'}, expected ${keyArn}`,
  };
}

/** The key's policy, as KMS holds it, lets CloudWatch Logs use the key for this detector. */
export async function verifyKeyPolicy(kms: KMSClient, keyArn: string, detectorArn: string): Promise<Verification> {
  const [{ Policy }, { KeyMetadata }] = await Promise.all([
    kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' })),
    kms.send(new DescribeKeyCommand({ KeyId: keyArn })),
  ]);
  const scope = scopeOfKey(keyArn);
  const denied = LOGS_DATA_KEY_ACTIONS.map((action) => ({ action, result: logsKeyAccess(Policy ?? '{}', scope, keyArn, detectorArn, action) })).filter(
    ({ result }) => result.decision !== 'allow',
  );
  const enabled = KeyMetadata?.KeyState === 'Enabled';
  const ok = denied.length === 0 && enabled;
  const problems = [...denied.map(({ result }) => result.reason), ...(enabled ? [] : [`key state is ${KeyMetadata?.KeyState}`])];
  return {
    check: 'key policy',
    ok,
    detail: ok ? `${logsServicePrincipal(scope)} may call kms:GenerateDataKey and kms:Decrypt for ${detectorArn}` : problems.join('; '),
  };
}

/**
 * Each log group, as CloudWatch Logs describes it, holds this key (`DescribeLogGroups`
 * `kmsKeyId`), and the key's policy lets CloudWatch Logs use the key for it.
 */
export async function verifyLogGroupEncryption(
  logs: CloudWatchLogsClient,
  kms: KMSClient,
  logGroupNames: readonly string[],
  keyArn: string,
): Promise<Verification> {
  const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  const scope = scopeOfKey(keyArn);
  const problems: string[] = [];
  for (const name of logGroupNames) {
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    const group = logGroups?.find((g) => g.logGroupName === name);
    if (group === undefined) {
      problems.push(`log group ${name} not found`);
      continue;
    }
    if (group.kmsKeyId !== keyArn) problems.push(`DescribeLogGroups.kmsKeyId of ${name} is ${group.kmsKeyId ?? 'absent'}, expected ${keyArn}`);
    const denied = deniedLogGroupCalls(Policy ?? '{}', scope, keyArn, logGroupArn(scope, name)).filter(({ action }) =>
      (LOGS_DATA_KEY_ACTIONS as readonly string[]).includes(action),
    );
    for (const { evaluation } of denied) problems.push(`${name}: ${evaluation.reason}`);
  }
  return {
    check: 'log group encryption',
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `DescribeLogGroups.kmsKeyId is ${keyArn} for ${logGroupNames.join(', ')}, and ${logsServicePrincipal(scope)} may call kms:GenerateDataKey and kms:Decrypt for them`
        : problems.join('; '),
  };
}
