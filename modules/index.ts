/**
 * `kms-anomaly-detector` (and `kms-anomaly-detector/cdktn`, the same sources compiled for CDK
 * Terrain): the constructs, and everything of `kms-anomaly-detector/key-policy`.
 *
 * Named exports only, so the public surface is what this file lists (api/*.api.md holds it; a
 * test fails when it changes without that report). Constructs and their props; the
 * `EvaluationFrequency` values and `AWS_OWNED_KEY` a user passes as props. Why the key-policy
 * names are public, and what is left out, is said in key-policy-entry.ts.
 *
 * @module kms-anomaly-detector
 */
export { AnomalyDetectorKey } from './anomaly-detector-key';
export type { AnomalyDetectorKeyProps, IAnomalyDetectorKey } from './anomaly-detector-key';
export { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from './encrypted-log-anomaly-detector';
export type { EncryptedLogAnomalyDetectorProps } from './encrypted-log-anomaly-detector';
export { RetiredAnomalyDetectorKey } from './retired-anomaly-detector-key';
export { EvaluationFrequency } from './aws/cloudwatch-logs';
export {
  accountRootStatement,
  anomalyDetectorKeyPolicy,
  anomalyDetectorLogsStatements,
  deniedLogGroupCalls,
  deniedLogsCalls,
  evaluateKeyPolicy,
  logGroupsStatement,
  logsKeyAccess,
  logsServicePrincipal,
  mergeKeyPolicy,
  missingLogGroupPermissions,
  missingLogsPermissions,
  REQUIRED_TERRAFORM_VERSION,
  UnsupportedPolicyError,
} from './key-policy-entry';
export type {
  AwsScope,
  DeniedLogsCall,
  KeyPolicyDocument,
  KeyPolicyStatement,
  KmsRequest,
  LogsKeyRequirement,
  MergeKeyPolicyOptions,
  PolicyDecision,
  PolicyEvaluation,
} from './key-policy-entry';
