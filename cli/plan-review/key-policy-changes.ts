import { evaluateKeyPolicy, KmsRequest, ParsedKeyPolicy } from '../../modules/key-policy-evaluator';
import {
  LOGS_ARN_CONTEXT_KEY,
  LOGS_DATA_KEY_ACTIONS,
  LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY,
  LOGS_REENCRYPT_ACTION,
  logsServicePrincipal,
} from '../../modules/aws/cloudwatch-logs';
import { AwsScope, resolveScope } from '../../modules/aws/scope';
import { logsKeyAccess, otherAccountsMayDecrypt } from '../../modules/logs-key-access';

/** Calls CloudWatch Logs makes on the key for a detector, each under the encryption context it sends. */
export interface DetectorCall {
  /** How a finding names the calls. */
  readonly described: string;
  /** Every one must be allowed for the call to count as allowed. */
  readonly actions: readonly string[];
  readonly contextKey: string;
}

const DETECTOR_CALLS: readonly DetectorCall[] = [
  { described: LOGS_DATA_KEY_ACTIONS.join('/'), actions: LOGS_DATA_KEY_ACTIONS, contextKey: LOGS_ARN_CONTEXT_KEY },
  // The statement grants kms:ReEncrypt*; ReEncryptFrom stands for it in the probe.
  { described: 'kms:ReEncrypt*', actions: [LOGS_REENCRYPT_ACTION], contextKey: LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY },
];

/** What a key policy lets CloudWatch Logs (and strangers) do with the key, whatever the detector. */
export interface PolicyAbilities {
  /** logs may use the key with no detector encryption context at all. */
  readonly logsUnconditioned: boolean;
  /** a principal of another account may decrypt. */
  readonly otherAccountsCanDecrypt: boolean;
}

/** A key policy as the plan holds it, and as the evaluator read it (once per review). */
export interface ReviewedPolicy {
  readonly text: string;
  readonly parsed: ParsedKeyPolicy;
}

/** The key whose policy changes, and where it lives. */
export interface ReviewedKey {
  readonly keyArn: string;
  readonly scope: AwsScope;
}

function allows(policy: ParsedKeyPolicy, request: KmsRequest): boolean {
  return evaluateKeyPolicy(policy, request).decision === 'allow';
}

/** An anomaly-detector ARN, or ARN pattern, with a literal account: group 1 is the account. */
const ANOMALY_DETECTOR_ARN_ACCOUNT = /arn:[\w-]+:logs:[^:"]*:(\d{12}):anomaly-detector/g;

/** The accounts whose anomaly detectors a policy names anywhere, in order of first mention. */
export function detectorAccountsNamed(policy: string): string[] {
  return [...new Set(Array.from(policy.matchAll(ANOMALY_DETECTOR_ARN_ACCOUNT), (m) => m[1]))];
}

/**
 * Probes a policy with the evaluator the local AWS gateway uses: the same question CloudWatch
 * Logs' own authorization asks, for a detector ARN of `account` in the key's partition and
 * region (a key shared across accounts serves detectors of several).
 * @throws UnsupportedPolicyError when the policy uses what the evaluator does not implement
 */
export function detectorCallsAllowed(policy: ParsedKeyPolicy, { keyArn, scope }: ReviewedKey, account: string): ReadonlySet<DetectorCall> {
  const detectorScope = { ...resolveScope(scope), account };
  const detectorArn = `arn:${detectorScope.partition}:logs:${detectorScope.region}:${account}:anomaly-detector:plan-review-probe`;
  const allowed = (action: string, contextKey: string) => logsKeyAccess(policy, detectorScope, keyArn, detectorArn, action, contextKey).decision === 'allow';
  return new Set(DETECTOR_CALLS.filter((call) => call.actions.every((action) => allowed(action, call.contextKey))));
}

/**
 * What a policy lets CloudWatch Logs and strangers do with the key, asked without a detector.
 * @throws UnsupportedPolicyError when the policy uses what the evaluator does not implement
 */
export function policyAbilities(policy: ParsedKeyPolicy, { keyArn, scope }: ReviewedKey): PolicyAbilities {
  return {
    logsUnconditioned: allows(policy, { principal: { service: logsServicePrincipal(scope) }, action: 'kms:Decrypt', resource: keyArn }),
    otherAccountsCanDecrypt: otherAccountsMayDecrypt(policy, keyArn),
  };
}

/** `CloudWatch Logs loses A for anomaly detectors of account N (context of A) and B (context of B)`. */
function lostCallsSentence(account: string, [first, ...more]: readonly DetectorCall[]): string {
  const alsoLost = more.map((call) => ` and ${call.described} (${call.contextKey})`).join('');
  return `CloudWatch Logs loses ${first.described} for anomaly detectors of account ${account} (${first.contextKey})${alsoLost}`;
}

/**
 * Sentences describing how CloudWatch Logs' access changes, split into narrowing (blocking) and
 * widening: one sentence per account whose detectors lose calls, and one per account whose
 * detectors may use the key for the first time.
 */
export function comparePolicies(before: ReviewedPolicy, after: ReviewedPolicy, key: ReviewedKey): { narrowed: string[]; widened: string[] } {
  const accounts = [...new Set([key.scope.account, ...detectorAccountsNamed(before.text), ...detectorAccountsNamed(after.text)])];
  const was = policyAbilities(before.parsed, key);
  const now = policyAbilities(after.parsed, key);
  const perAccount = accounts.map((account) => ({
    account,
    wasAllowed: detectorCallsAllowed(before.parsed, key, account),
    nowAllowed: detectorCallsAllowed(after.parsed, key, account),
  }));
  const narrowed: string[] = [];
  const widened: string[] = [];
  for (const { account, wasAllowed, nowAllowed } of perAccount) {
    const lost = DETECTOR_CALLS.filter((call) => wasAllowed.has(call) && !nowAllowed.has(call));
    if (lost.length > 0) narrowed.push(lostCallsSentence(account, lost));
    // The key's own account is who the key is for; sharing it with another account is what a reviewer must see.
    if (account !== key.scope.account && wasAllowed.size === 0 && nowAllowed.size > 0) {
      widened.push(`CloudWatch Logs may now use the key for anomaly detectors of account ${account}`);
    }
  }
  if (!was.logsUnconditioned && now.logsUnconditioned) {
    widened.push('CloudWatch Logs may now use the key without an anomaly-detector encryption context');
  }
  if (!was.otherAccountsCanDecrypt && now.otherAccountsCanDecrypt) {
    widened.push('principals of other accounts may now decrypt with the key (a * principal?)');
  }
  return { narrowed, widened };
}
