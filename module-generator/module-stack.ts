import { Fn, IResolvable, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct, Node } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { ALIAS_PREFIX } from '../modules/aws/kms';
import { EncryptedLogAnomalyDetector, OWN_KEY_ID } from '../modules/encrypted-log-anomaly-detector';
import { EvaluationFrequency } from '../modules/aws/cloudwatch-logs';
import { interpolation } from './hcl';
import { declareModuleVariables } from './module-variables';
import { encryptLogGroupsWith } from './log-group-encryption';
import { createKeyOnlyWhen } from './optional-key';

/**
 * cdktf encodes string, number and list tokens in those types but has none for booleans; the
 * constructs pass boolean props through untouched, so the resolvable can stand in for one.
 */
function booleanToken(value: IResolvable): boolean {
  return value as unknown as boolean;
}

function snakeCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
}

/**
 * The published Terraform module, built from the same constructs as everything else: the
 * detector with either a new `AnomalyDetectorKey` or an existing key given by ARN, chosen with
 * `count` at plan time. Every construct prop is a variable token.
 */
export class AnomalyDetectorModuleStack extends TerraformStack {
  private readonly logicalIdOwners = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Declared because cdktf requires a provider; the module files leave it out, as modules
    // take their caller's provider. Without a literal region the constructs use data.aws_region.
    new AwsProvider(this, 'aws');

    const variables = declareModuleVariables(this);
    new TerraformLocal(this, 'create_key', interpolation('var.kms_key_arn == null'));

    const key = new AnomalyDetectorKey(this, 'key', {
      // trimprefix because the construct adds the prefix to a token unconditionally.
      alias: Fn.trimprefix(variables.keyAlias.stringValue, ALIAS_PREFIX),
      description: variables.keyDescription.stringValue,
      enableKeyRotation: booleanToken(variables.enableKeyRotation.booleanValue),
      deletionWindowInDays: variables.deletionWindowInDays.numberValue,
      // Terraform cannot make prevent_destroy depend on a variable: the key stays protected.
      preventDestroy: true,
      tags: Token.asStringMap(variables.tags.value),
    });
    const createdKey = createKeyOnlyWhen(key, { createKey: 'local.create_key', createAlias: 'var.key_alias != null' });
    const detectorKeyArn = new TerraformLocal(this, 'detector_kms_key_arn', interpolation(`local.create_key ? ${createdKey.arn} : var.kms_key_arn`));

    const detector = new EncryptedLogAnomalyDetector(this, 'detector', {
      logGroups: variables.logGroupArns.listValue,
      key: detectorKeyArn.asString,
      detectorName: variables.detectorName.stringValue,
      // Checked against the enum by the variable's validation.
      evaluationFrequency: variables.evaluationFrequency.stringValue as EvaluationFrequency,
      filterPattern: variables.filterPattern.stringValue,
      anomalyVisibilityTime: variables.anomalyVisibilityTime.numberValue,
      enabled: booleanToken(variables.enabled.booleanValue),
      tags: Token.asStringMap(variables.tags.value),
    });
    encryptLogGroupsWith(this, key, detector, variables.keyLogGroupNames, variables.encryptLogGroups);
    // The detector never makes a key of its own here, so it has none to forget; and a `removed`
    // block cannot stand beside the module's key, which stays in the configuration under `count`.
    detector.node.tryRemoveChild(OWN_KEY_ID);

    new TerraformOutput(this, 'detector_arn', { value: detector.detectorArn, description: 'ARN of the anomaly detector.' });
    new TerraformOutput(this, 'key_arn', {
      value: detectorKeyArn.asString,
      description: 'ARN of the key the detector is encrypted with: the created key, or kms_key_arn.',
    });
    new TerraformOutput(this, 'key_id', {
      // A key ARN ends in key/KEY_ID (the variable's validation makes sure).
      value: interpolation(`local.create_key ? ${createdKey.keyId} : element(split("/", var.kms_key_arn), 1)`),
      description: 'Id of the key the detector is encrypted with.',
    });
    new TerraformOutput(this, 'key_policy', {
      value: interpolation(createdKey.policy),
      description: "Policy JSON of the created key; null with kms_key_arn (that key's policy is not managed here).",
    });
  }

  /**
   * Addresses read like hand-written ones (`aws_kms_key.key`): each element's own id in
   * snake_case. Users' state holds these addresses, so they must be unique and never change.
   */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const name = snakeCase(node.id);
    const owner = this.logicalIdOwners.get(name);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`Module elements ${owner} and ${node.path} would both be named '${name}'`);
    }
    this.logicalIdOwners.set(name, node.path);
    return name;
  }
}
