/**
 * Everything of the package that needs no CDKTF or CDK Terrain, so a script, a Lambda or another
 * IaC tool can build, merge and check key policies without loading a toolchain. The main entry
 * exports all of it beside the constructs.
 *
 * What is public, and why (every name here is a semver promise):
 * - Policy builders (`anomalyDetectorKeyPolicy`, `anomalyDetectorLogsStatements`,
 *   `accountRootStatement`, `logGroupsStatement`) and `mergeKeyPolicy`: for keys made
 *   elsewhere, the statements the constructs write, by the same code.
 * - The evaluator's questions (`logsKeyAccess`, `missingLogsPermissions`, `deniedLogsCalls`,
 *   `deniedLogGroupCalls`, `missingLogGroupPermissions`) and `evaluateKeyPolicy` with its request
 *   and answer types: "may CloudWatch Logs use this key?" as plan review and audit ask it.
 *   `UnsupportedPolicyError` is what they throw on policy features they do not implement, so
 *   callers can tell "cannot judge" from "denied". `parseKeyPolicy` reads a policy once for
 *   many questions (each question takes its `ParsedKeyPolicy` as it takes the text).
 * - `AwsScope` (the argument every function takes) and `logsServicePrincipal` (for statements
 *   a user writes in `additionalPolicyStatements`).
 * - `REQUIRED_TERRAFORM_VERSION`: the constructs need Terraform 1.7 (`removed` blocks); a user's
 *   stack or test pins its `required_version` from it.
 *
 * Left out on purpose: construct ids (`KEY_RESOURCE_ID`, `OWN_KEY_ID`, …) whose change would
 * move resources, the Sids, action lists and condition keys (the policy's content, described
 * in the project's docs/encryption.md), the `assert*` helpers the constructs validate with, ARN parsers and
 * partition tables, and every limit constant: each prop's TSDoc and each error message state the
 * limit.
 *
 * @module kms-anomaly-detector/key-policy
 */
export { accountRootStatement, anomalyDetectorKeyPolicy, anomalyDetectorLogsStatements, mergeKeyPolicy } from './key-policy';
export type { KeyPolicyDocument, KeyPolicyStatement, MergeKeyPolicyOptions } from './key-policy';
export { logGroupsStatement } from './log-group-key-policy';
export { evaluateKeyPolicy, parseKeyPolicy, ParsedKeyPolicy, UnsupportedPolicyError } from './key-policy-evaluator';
export type { KmsRequest, PolicyDecision, PolicyEvaluation } from './key-policy-evaluator';
export { deniedLogsCalls, logsKeyAccess, missingLogsPermissions } from './logs-key-access';
export type { DeniedLogsCall } from './logs-key-access';
export { deniedLogGroupCalls, missingLogGroupPermissions } from './log-group-key-access';
export type { LogsKeyRequirement } from './aws/cloudwatch-logs';
export { logsServicePrincipal } from './aws/cloudwatch-logs';
export type { AwsScope } from './aws/scope';
export { REQUIRED_TERRAFORM_VERSION } from './terraform-version';
