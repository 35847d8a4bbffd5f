import { Lazy, TerraformElement, TerraformLocal, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';
import { logGroupArn } from '../modules/aws/log-group-encryption';
import { anomalyDetectorKeyPolicy } from '../modules/key-policy';
import { providerEnvironment } from '../modules/private/provider-environment';
import { hclString, interpolation } from './hcl';

/** Stands for the log groups in the policy written at synth, then replaced by their Terraform list. */
const LOG_GROUPS_MARKER = 'encrypt-log-groups-marker';

/**
 * The module's `key_log_group_names` (and its deprecated name `encrypt_log_groups`, whose names
 * count the same): the created key's policy gains CloudWatch Logs'
 * log-group statement for the names given, chosen at plan time. The construct writes the
 * policy at synth, when the names are a variable, so the module writes it twice: as the key
 * has it (no log groups), and with the statement for a marker name, whose ARN becomes the
 * variable's names as ARNs; the key's `policy` picks one. With no names the policy is exactly
 * what it was before the variable existed. A key given by ARN cannot take the statement:
 * a precondition on the detector refuses the pair.
 */
export function encryptLogGroupsWith(
  stack: TerraformStack,
  key: AnomalyDetectorKey,
  detector: EncryptedLogAnomalyDetector,
  names: TerraformVariable,
  deprecatedNames: TerraformVariable,
): void {
  const allNames = `concat(var.${names.friendlyUniqueId}, var.${deprecatedNames.friendlyUniqueId})`;
  // The key's own environment: the same data sources, found again by their ids.
  const environment = providerEnvironment(stack);
  const markerArn = JSON.stringify(logGroupArn(environment, LOG_GROUPS_MARKER));
  // Inside an expression cdktf writes a token as a bare reference; a literal needs quotes.
  const operand = (value: string) => (Token.isUnresolved(value) ? value : hclString(value));
  const { partition, region, account } = environment;
  const arnOf = `format("arn:%s:logs:%s:%s:log-group:%s", ${[partition, region, account].map(operand).join(', ')}, name)`;
  const withLogGroups = Lazy.stringValue({
    produce: () =>
      JSON.stringify(anomalyDetectorKeyPolicy(environment, [], key.detectorAccounts, [LOG_GROUPS_MARKER]))
        // The names may be patterns: ArnLike, which IAM evaluates as ArnEquals for exact ARNs.
        .replace('"ArnEquals"', '"ArnLike"')
        .replace(markerArn, interpolation(`jsonencode([for name in ${allNames} : ${arnOf}])`)),
  });
  // The module names every element by its id (AnomalyDetectorModuleStack.allocateLogicalId).
  new TerraformLocal(stack, 'key_policy_without_log_groups', key.policyJson);
  new TerraformLocal(stack, 'key_policy_with_log_groups', withLogGroups);
  (key.node.findChild('Key') as KmsKey).policy = interpolation(
    `length(${allNames}) == 0 ? local.key_policy_without_log_groups : local.key_policy_with_log_groups`,
  );

  (detector.node.findChild('Detector') as TerraformElement).addOverride('lifecycle.precondition', [
    {
      condition: interpolation(`var.kms_key_arn == null || length(${allNames}) == 0`),
      error_message:
        `'${names.friendlyUniqueId}' needs the module to create the key (kms_key_arn null): the policy of a key given by ARN ` +
        `is not managed here; add the log-group statement to it with key-policy merge --log-group. So does '${deprecatedNames.friendlyUniqueId}', its deprecated name.`,
    },
    {
      condition: interpolation(`length(var.${names.friendlyUniqueId}) == 0 || length(var.${deprecatedNames.friendlyUniqueId}) == 0`),
      error_message: `'${deprecatedNames.friendlyUniqueId}' is the deprecated name of '${names.friendlyUniqueId}': give only '${names.friendlyUniqueId}'.`,
    },
  ]);
}
