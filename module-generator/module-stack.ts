import { Fn, IResolvable, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct, Node } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { ALIAS_PREFIX } from '../modules/aws/kms';
import { EncryptedLogAnomalyDetector, OWN_KEY_ID } from '../modules/encrypted-log-anomaly-detector';
import { EvaluationFrequency } from '../modules/aws/cloudwatch-logs';
import { interpolation } from './hcl';
import { REGION_ARGUMENT_NEEDED } from '../modules/aws/provider-versions';
import { declareModuleVariables, ModuleVariant } from './module-variables';
import { addPrecondition, KEY_POLICY_MARKER_PROPS, keyPolicyFromVariables } from './module-key-policy';
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

/** hashicorp/aws types that take a region in 6.x; aws_caller_identity and aws_partition are global. */
const REGIONAL_TYPES = ['aws_kms_key', 'aws_kms_alias', 'aws_cloudwatch_log_anomaly_detector', 'aws_region'];

/** The id of the constructs' `data.aws_region` (modules/private/provider-environment.ts), as this stack names it. */
const REGION_DATA_SOURCE = 'data.aws_region.anomaly_detector_region';

/**
 * The published Terraform module, built from the same constructs as everything else: the
 * detector with either a new `AnomalyDetectorKey` or an existing key given by ARN, chosen with
 * `count` at plan time. Every construct prop is a variable token.
 *
 * Two variants: the module (hashicorp/aws 5.100 to 6.x), whose `region` may only be the
 * provider's, and the aws6/ folder, whose resources take aws 6's `region` argument, as the
 * constructs' resources do with an aws 6 binding (`placeInRegion`).
 */
export class AnomalyDetectorModuleStack extends TerraformStack {
  private readonly logicalIdOwners = new Map<string, string>();

  constructor(scope: Construct, id: string, variant: ModuleVariant = { regionArgument: false }) {
    super(scope, id);
    // Declared because cdktf requires a provider; the module files leave it out, as modules
    // take their caller's provider. Without a literal region the constructs use data.aws_region.
    new AwsProvider(this, 'aws');

    const variables = declareModuleVariables(this, variant);
    new TerraformLocal(this, 'create_key', interpolation('var.kms_key_arn == null'));

    const key = new AnomalyDetectorKey(this, 'key', {
      // trimprefix because the construct adds the prefix to a token unconditionally.
      alias: Fn.trimprefix(variables.keyAlias.stringValue, ALIAS_PREFIX),
      description: variables.keyDescription.stringValue,
      enableKeyRotation: booleanToken(variables.enableKeyRotation.booleanValue),
      deletionWindowInDays: variables.deletionWindowInDays.numberValue,
      rotationPeriodInDays: variables.keyRotationPeriodInDays.numberValue,
      ...KEY_POLICY_MARKER_PROPS,
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
    keyPolicyFromVariables(this, key, {
      detectorAccounts: variables.detectorAccounts.friendlyUniqueId,
      additionalStatements: variables.additionalKeyPolicyStatements.friendlyUniqueId,
      // The deprecated name's names count the same (refuseWhatIsLost refuses both at once).
      logGroupNames: `concat(var.${variables.keyLogGroupNames.friendlyUniqueId}, var.${variables.encryptLogGroups.friendlyUniqueId})`,
    });
    this.refuseWhatIsLost(detector.node.findChild('Detector') as TerraformElement, variant);
    if (variant.regionArgument) this.placeInVariableRegion();
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
   * Preconditions on the detector (it always exists) for pairs of inputs one of which would be
   * lost: what shapes the created key's policy or rotation, with a key given by ARN; a rotation
   * period with rotation off; a region this variant cannot place resources in.
   */
  private refuseWhatIsLost(detector: TerraformElement, variant: ModuleVariant): void {
    const keyByArn = (variable: string, empty: string, why: string) =>
      addPrecondition(
        detector,
        `var.kms_key_arn == null || ${empty}`,
        `'${variable}' needs the module to create the key (kms_key_arn null): the policy of a key given by ARN is not managed here; ${why}.`,
      );
    keyByArn('key_log_group_names', 'length(var.key_log_group_names) == 0', 'add the log-group statement to it with key-policy merge --log-group');
    keyByArn('encrypt_log_groups', 'length(var.encrypt_log_groups) == 0', 'add the log-group statement to it with key-policy merge --log-group');
    addPrecondition(
      detector,
      'length(var.key_log_group_names) == 0 || length(var.encrypt_log_groups) == 0',
      "'encrypt_log_groups' is the deprecated name of 'key_log_group_names': give only 'key_log_group_names'.",
    );
    keyByArn('detector_accounts', 'var.detector_accounts == null', 'add the accounts to it with key-policy merge --account');
    keyByArn('additional_key_policy_statements', 'length(var.additional_key_policy_statements) == 0', 'add the statements to it yourself');
    addPrecondition(
      detector,
      'var.kms_key_arn == null || var.key_rotation_period_in_days == null',
      "'key_rotation_period_in_days' needs the module to create the key (kms_key_arn null): the rotation of a key given by ARN is not managed here.",
    );
    addPrecondition(
      detector,
      'var.key_rotation_period_in_days == null || var.enable_key_rotation',
      "'key_rotation_period_in_days' needs 'enable_key_rotation' true.",
    );
    if (!variant.regionArgument) {
      addPrecondition(
        detector,
        `var.region == null ? true : var.region == ${REGION_DATA_SOURCE}.name`,
        `'region' must be the region of the module's aws provider: ${REGION_ARGUMENT_NEEDED}; use the module's aws6/ folder for that, or a provider of that region.`,
      );
    }
  }

  /**
   * hashicorp/aws 6's per-resource region on every regional resource and on `data.aws_region`,
   * whose region the key policy names: the key, its alias, its policy and the detector follow
   * `var.region` (null: the provider's).
   */
  private placeInVariableRegion(): void {
    for (const element of this.node.findAll()) {
      if (!(element instanceof TerraformElement)) continue;
      const type = (element as TerraformElement & { terraformResourceType?: string }).terraformResourceType;
      if (type === undefined || !REGIONAL_TYPES.includes(type)) continue;
      element.addOverride('region', interpolation('var.region'));
    }
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
