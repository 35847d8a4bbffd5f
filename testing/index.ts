/**
 * The test harness: start a local AWS, deploy a stack with the real Terraform and provider,
 * read back what AWS holds, and walk several lifecycles in lock step (`describeScenarios`).
 * Left out on purpose: `LOCAL_ACCOUNT_ROLE_NAME` and `LOCAL_AWS_SERVICES` (how
 * `credentialsIn` and `localAwsProviderSettings` work inside) and `BACKEND_KINDS` (the
 * `BackendKind` type says the same).
 *
 * @module kms-anomaly-detector/testing
 */
export { startLocalAws, DEFAULT_REGION, TEST_CREDENTIALS } from '../localstack/local-aws';
export type { LocalAws, LocalAwsOptions, BackendKind } from '../localstack/local-aws';
export { localAwsProviderSettings } from '../localstack/provider-settings';
export type { LocalAwsTarget } from '../localstack/provider-settings';
export { servedLocally, unservedBlocks, unservedConstructs, assertServedLocally } from '../localstack/local-services';
export type { UnservedBlock } from '../localstack/local-services';
// The Jest entries export their function as module.exports (Jest and bundlers read it so).
import jestGlobalSetup = require('./jest-global-setup');
import jestGlobalTeardown = require('./jest-global-teardown');
export { jestGlobalSetup, jestGlobalTeardown };
export { credentialsIn, kmsClient, localAwsEnv, localAwsVariables, logsClient } from './local-aws-environment';
export type { ClientOptions, LocalAwsEnv } from './local-aws-environment';
export { verifyAssociation, verifyKeyPolicy, verifyLogGroupEncryption } from './verify-deployment';
export type { Verification } from './verify-deployment';
export { assertDetectorUsesKey, assertKeyChangeReplacesDetector, assertKeyServesDetector } from './assertions';
export { StackDeployment } from '../terraform-runner/stack-deployment';
export { Terraform, TerraformCommandError, TerraformNotFoundError } from '../terraform-runner/terraform';
export type { PlannedChange, TerraformDiagnostic } from '../terraform-runner/terraform';
export type { PlanJson, ResourceChange } from '../terraform-runner/plan-json';
export { ScenarioRun } from './scenario-run';
export type { Scenario, ScenarioStep, ScenarioFacts, ScenarioPlan, DestroyFacts, ScenarioRunOptions } from './scenario-run';
export { describeScenarios } from './describe-scenarios';
export type { DescribeScenariosOptions, DefineScenario, ScenarioBuilder, StepTest, DestroyTest } from './describe-scenarios';
