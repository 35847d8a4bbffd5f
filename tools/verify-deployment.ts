import { CloudWatchLogsClient, GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { evaluateKeyPolicy } from '../localstack/key-policy-evaluator';
import { LOGS_ARN_CONTEXT_KEY, logsServicePrincipal } from '../modules/key-policy';

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
  const [, partition, , region, account] = keyArn.split(':');
  const service = logsServicePrincipal({ region, account, partition });
  const denied = ['kms:GenerateDataKey', 'kms:Decrypt']
    .map((action) => ({
      action,
      result: evaluateKeyPolicy(Policy ?? '{}', {
        principal: { service },
        action,
        resource: keyArn,
        // AWS's current guide also conditions on the keys AWS sets when a service acts for a resource.
        context: { [LOGS_ARN_CONTEXT_KEY]: detectorArn, 'aws:SourceArn': detectorArn, 'aws:SourceAccount': account },
      }),
    }))
    .filter(({ result }) => result.decision !== 'allow');
  const enabled = KeyMetadata?.KeyState === 'Enabled';
  const ok = denied.length === 0 && enabled;
  const problems = [...denied.map(({ result }) => result.reason), ...(enabled ? [] : [`key state is ${KeyMetadata?.KeyState}`])];
  return {
    check: 'key policy',
    ok,
    detail: ok ? `${service} may call kms:GenerateDataKey and kms:Decrypt for ${detectorArn}` : problems.join('; '),
  };
}
