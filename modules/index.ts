/**
 * The constructs for CDKTF (`kms-anomaly-detector`) and CDK Terrain (`kms-anomaly-detector/cdktn`:
 * the same names, typed with cdktn's classes): `AnomalyDetectorKey`, `EncryptedLogAnomalyDetector`,
 * `RetiredAnomalyDetectorKey`, their props, and the values a prop takes (`EvaluationFrequency`,
 * `AWS_OWNED_KEY`). Everything of `kms-anomaly-detector/key-policy` is exported here too.
 *
 * Only these names are public, each a semver promise. Construct ids, Sids, assertion helpers,
 * ARN parsers and limit constants are not: each prop's documentation and each error message
 * state the limit it checks.
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
  ParsedKeyPolicy,
  parseKeyPolicy,
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
