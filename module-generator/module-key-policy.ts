import { Lazy, TerraformElement, TerraformLocal, TerraformStack, Token } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { anomalyDetectorArnPattern } from '../modules/aws/cloudwatch-logs';
import { logGroupArn } from '../modules/aws/log-group-encryption';
import { anomalyDetectorKeyPolicy, KeyPolicyStatement } from '../modules/key-policy';
import { providerEnvironment } from '../modules/private/provider-environment';
import { hclString, interpolation } from './hcl';

/**
 * Stand-ins the policy is written with at synth, each then replaced by the Terraform expression
 * of its variable: a detector account (12 digits, as the construct requires), a statement,
 * a log group name.
 */
export const DETECTOR_ACCOUNT_MARKER = '000000000000';
const STATEMENT_MARKER: KeyPolicyStatement = { Sid: 'additional-statements-marker', Effect: 'Allow', Principal: '*', Action: 'marker', Resource: '*' };
const LOG_GROUPS_MARKER = 'encrypt-log-groups-marker';

/** The module's variables the key policy reads: two by their Terraform names, the log group names as an expression. */
export interface KeyPolicyVariables {
  readonly detectorAccounts: string;
  readonly additionalStatements: string;
  readonly logGroupNames: string;
}

/** Replaces every occurrence of `marker` in `text`, and fails the generator when there is none. */
function replaceMarker(text: string, marker: string, expression: string): string {
  if (!text.includes(marker)) throw new Error(`The module's key policy lost its marker ${marker}: the construct's policy changed shape`);
  return text.split(marker).join(expression);
}

/**
 * Props for the module's `AnomalyDetectorKey`: the policy's variable parts as markers, which
 * `keyPolicyFromVariables` turns into Terraform expressions.
 */
export const KEY_POLICY_MARKER_PROPS = { detectorAccounts: [DETECTOR_ACCOUNT_MARKER], additionalPolicyStatements: [STATEMENT_MARKER] };

/**
 * The module's key policy, written by the construct's own policy builder, with what the
 * variables decide at plan time:
 * - `detector_accounts`: the CloudWatch Logs statements' detector ARN patterns, one per account
 *   (null: the key's own account, as one string, exactly as the construct writes it);
 * - `additional_key_policy_statements`: appended after the construct's statements, as given;
 * - `key_log_group_names` (and its deprecated name `encrypt_log_groups`): CloudWatch Logs' log-group statement for those names, ArnLike (the
 *   names may be patterns, and IAM evaluates ArnLike as ArnEquals for exact ARNs). With no names
 *   the policy is the key's without that statement, as before the variable existed.
 * A key given by ARN cannot take any of them: preconditions on the detector refuse the pairs
 * (see module-stack.ts).
 */
export function keyPolicyFromVariables(stack: TerraformStack, key: AnomalyDetectorKey, variables: KeyPolicyVariables): void {
  // The key's own environment: the same data sources, found again by their ids.
  const environment = providerEnvironment(stack);
  // Inside an expression cdktf writes a token as a bare reference; a literal needs quotes.
  const operand = (value: string) => (Token.isUnresolved(value) ? value : hclString(value));
  const { partition, region, account } = environment;
  const arnFormat = (resource: string, name: string) => `format("arn:%s:logs:%s:%s:${resource}", ${[partition, region].map(operand).join(', ')}, ${name})`;

  const detectorPatterns = JSON.stringify(anomalyDetectorArnPattern({ ...environment, account: DETECTOR_ACCOUNT_MARKER }));
  const accounts = `var.${variables.detectorAccounts}`;
  const patternsExpression = interpolation(
    `${accounts} == null ? jsonencode(${arnFormat('anomaly-detector:*', operand(account))}) : ` +
      `jsonencode([for account in ${accounts} : ${arnFormat('anomaly-detector:*', 'account')}])`,
  );
  const statements = `,${JSON.stringify(STATEMENT_MARKER)}`;
  const statementsTemplate = `%{ for statement in var.${variables.additionalStatements} },\${jsonencode(statement)}%{ endfor }`;
  const markerLogGroupArn = JSON.stringify(logGroupArn(environment, LOG_GROUPS_MARKER));
  const logGroupArns = interpolation(
    `jsonencode([for name in ${variables.logGroupNames} : format("arn:%s:logs:%s:%s:log-group:%s", ${[partition, region, account].map(operand).join(', ')}, name)])`,
  );

  const policy = (logGroups: string[]) =>
    Lazy.stringValue({
      produce: () => {
        let text = JSON.stringify(anomalyDetectorKeyPolicy(environment, [STATEMENT_MARKER], key.detectorAccounts, logGroups));
        text = replaceMarker(text, detectorPatterns, patternsExpression);
        text = replaceMarker(text, statements, statementsTemplate);
        if (logGroups.length > 0) text = replaceMarker(text.replace('"ArnEquals"', '"ArnLike"'), markerLogGroupArn, logGroupArns);
        return text;
      },
    });
  // The module names every element by its id (AnomalyDetectorModuleStack.allocateLogicalId).
  new TerraformLocal(stack, 'key_policy_without_log_groups', policy([]));
  new TerraformLocal(stack, 'key_policy_with_log_groups', policy([LOG_GROUPS_MARKER]));
  (key.node.findChild('Key') as KmsKey).policy = interpolation(
    `length(${variables.logGroupNames}) == 0 ? local.key_policy_without_log_groups : local.key_policy_with_log_groups`,
  );
}

/** The preconditions given to each element so far: the override replaces the whole list. */
const preconditions = new WeakMap<TerraformElement, Array<{ condition: string; error_message: string }>>();

/** A plan-time check on `element`, added to those it has: Terraform fails the plan with `errorMessage` when `condition` is false. */
export function addPrecondition(element: TerraformElement, condition: string, errorMessage: string): void {
  const list = [...(preconditions.get(element) ?? []), { condition: interpolation(condition), error_message: errorMessage }];
  preconditions.set(element, list);
  element.addOverride('lifecycle.precondition', list);
}
