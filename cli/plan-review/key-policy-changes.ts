import { evaluateKeyPolicy, KmsRequest, UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { LOGS_DATA_KEY_ACTIONS, LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY, LOGS_REENCRYPT_ACTION, logsServicePrincipal } from '../../modules/aws/cloudwatch-logs';
import { AwsScope, resolveScope } from '../../modules/aws/scope';
import { logsKeyAccess, otherAccountsMayDecrypt } from '../../modules/logs-key-access';

/** What a key policy lets CloudWatch Logs (and strangers) do, as far as anomaly detectors go. */
export interface PolicyAbilities {
  /** logs may GenerateDataKey + Decrypt for a detector of the account. */
  readonly logsCanUse: boolean;
  /** logs may ReEncrypt under the Encryption SDK context. */
  readonly logsCanUseEncryptionSdk: boolean;
  /** logs may use the key with no detector encryption context at all. */
  readonly logsUnconditioned: boolean;
  /** a principal of another account may decrypt. */
  readonly otherAccountsCanDecrypt: boolean;
}

/** The key whose policy changes, and where it lives. */
export interface ReviewedKey {
  readonly keyArn: string;
  readonly scope: AwsScope;
}

function allows(policy: string, request: KmsRequest): boolean {
  return evaluateKeyPolicy(policy, request).decision === 'allow';
}

/**
 * Probes a policy with the evaluator the local AWS gateway uses: the same question CloudWatch
 * Logs' own authorization asks, for a detector ARN of the key's account and region.
 * @throws UnsupportedPolicyError when the policy uses what the evaluator does not implement
 */
export function policyAbilities(policy: string, { keyArn, scope }: ReviewedKey): PolicyAbilities {
  const { partition, region, account } = resolveScope(scope);
  const detectorArn = `arn:${partition}:logs:${region}:${account}:anomaly-detector:plan-review-probe`;
  const logs = (action: string, contextKey?: string) => logsKeyAccess(policy, scope, keyArn, detectorArn, action, contextKey).decision === 'allow';
  return {
    logsCanUse: LOGS_DATA_KEY_ACTIONS.every((a) => logs(a)),
    logsCanUseEncryptionSdk: logs(LOGS_REENCRYPT_ACTION, LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY),
    logsUnconditioned: allows(policy, { principal: { service: logsServicePrincipal(scope) }, action: 'kms:Decrypt', resource: keyArn }),
    otherAccountsCanDecrypt: otherAccountsMayDecrypt(policy, keyArn),
  };
}

/** Sentences describing how CloudWatch Logs' access changes, split into narrowing (blocking) and widening. */
export function comparePolicies(before: string, after: string, scope: ReviewedKey): { narrowed: string[]; widened: string[] } {
  let was: PolicyAbilities;
  let now: PolicyAbilities;
  try {
    was = policyAbilities(before, scope);
    now = policyAbilities(after, scope);
  } catch (e) {
    if (e instanceof UnsupportedPolicyError) {
      return { narrowed: [`the key policy could not be evaluated (${e.message}); review it by hand`], widened: [] };
    }
    throw e;
  }
  const narrowed: string[] = [];
  const widened: string[] = [];
  if (was.logsCanUse && !now.logsCanUse) {
    narrowed.push('CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors (kms:EncryptionContext:aws:logs:arn)');
  }
  if (was.logsCanUseEncryptionSdk && !now.logsCanUseEncryptionSdk) {
    narrowed.push('CloudWatch Logs loses kms:ReEncrypt* under kms:EncryptionContext:aws-crypto-ec:aws:logs:arn');
  }
  if (!was.logsUnconditioned && now.logsUnconditioned) {
    widened.push('CloudWatch Logs may now use the key without an anomaly-detector encryption context');
  }
  if (!was.otherAccountsCanDecrypt && now.otherAccountsCanDecrypt) {
    widened.push('principals of other accounts may now decrypt with the key (a * principal?)');
  }
  return { narrowed, widened };
}
