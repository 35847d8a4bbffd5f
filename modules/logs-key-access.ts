import { evaluateKeyPolicy, PolicyEvaluation } from './key-policy-evaluator';
import { LOGS_ARN_CONTEXT_KEY, logsServicePrincipal } from './key-policy';

/** A key and a detector of one account and region. */
export interface LogsKeyUse {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly keyArn: string;
  readonly detectorArn: string;
}

/**
 * Whether a key policy lets CloudWatch Logs call `action` on the key for the detector, asked
 * the way CloudWatch Logs asks: its regional service principal, the detector's ARN as the
 * encryption context under `contextKey`, and the source keys AWS's current guide conditions on.
 */
export function logsKeyAccess(policy: string, use: LogsKeyUse, action: string, contextKey: string = LOGS_ARN_CONTEXT_KEY): PolicyEvaluation {
  return evaluateKeyPolicy(policy, {
    principal: { service: logsServicePrincipal(use) },
    action,
    resource: use.keyArn,
    context: { [contextKey]: use.detectorArn, 'aws:SourceArn': use.detectorArn, 'aws:SourceAccount': use.account },
  });
}
