import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { anomalyDetectorKeyPolicy, assertKeyPolicyStatements, KeyPolicyStatement } from './key-policy';
import { assertInRegion, assertKeyArn } from './private/arns';
import { logicalIdAt, pathInStack } from './private/former-address';
import { MAX_DELETION_WINDOW_DAYS, SYMMETRIC_KEY_SPEC } from './aws/kms';
import { normalizeAlias, validateKeyProps } from './private/key-props';
import { literalProviderRegion, stackEnvironment } from './private/stack-environment';

/** A KMS key that anomaly detectors can be associated with. */
export interface IAnomalyDetectorKey extends IConstruct {
  /** ARN of the key: what CloudWatch Logs stores as the detector's `kmsKeyId`. */
  readonly keyArn: string;
}

export const DEFAULT_KEY_DESCRIPTION = 'Encrypts CloudWatch Logs anomaly detectors and their findings';

/**
 * Construct ids of the key's resources. Their Terraform addresses derive from them, and a
 * new address means destroy + create: they never change.
 */
export const KEY_RESOURCE_ID = 'Key';
export const ALIAS_RESOURCE_ID = 'Alias';

export interface AnomalyDetectorKeyProps {
  /**
   * Alias for the key; `alias/` is prepended when missing.
   * @default - no alias
   */
  readonly alias?: string;

  /**
   * Description of the key.
   * @default 'Encrypts CloudWatch Logs anomaly detectors and their findings'
   */
  readonly description?: string;

  /**
   * Key spec. CloudWatch Logs supports only symmetric KMS keys, so anything but
   * `SYMMETRIC_DEFAULT` is refused; the prop exists to make that refusal explicit.
   * @default 'SYMMETRIC_DEFAULT'
   */
  readonly keySpec?: string;

  /**
   * Rotate the key material automatically.
   * @default true
   */
  readonly enableKeyRotation?: boolean;

  /**
   * Days between automatic rotations, 90 to 2560; only with rotation enabled.
   * @default - 365, as KMS applies
   */
  readonly rotationPeriodInDays?: number;

  /**
   * Days KMS waits before deleting the key once deletion is scheduled, 7 to 30.
   * @default 30
   */
  readonly deletionWindowInDays?: number;

  /**
   * Terraform `prevent_destroy` on the key. Deleting the key makes every detector's encrypted
   * data unretrievable, so a plan that destroys it fails unless this is turned off.
   * @default true
   */
  readonly preventDestroy?: boolean;

  /**
   * The construct path, below the stack, that this key had before its construct was renamed or
   * moved (for example `'key'`, or `'detector/Key'` for the key an `EncryptedLogAnomalyDetector`
   * made itself). Terraform `moved` blocks then carry the key and its alias to the new address:
   * without them the old key is destroyed and a new one created, and the old key's data is lost.
   * @default - the key was never anywhere else
   */
  readonly renamedFrom?: string;

  /**
   * Region of the key, for its policy's CloudWatch Logs principal and detector ARNs.
   * @default - the stack's AWS provider region when it is a literal, else `data.aws_region`
   */
  readonly region?: string;

  /**
   * Account that owns the key and the detectors.
   * @default - `data.aws_caller_identity` (needs credentials at plan time)
   */
  readonly account?: string;

  /**
   * AWS partition (`aws`, `aws-cn`, `aws-us-gov`).
   * @default - derived from a literal region, else `data.aws_partition`
   */
  readonly partition?: string;

  /**
   * Statements added to the key policy after the account-root and CloudWatch Logs ones.
   * @default - none
   */
  readonly additionalPolicyStatements?: KeyPolicyStatement[];

  /**
   * Tags for the key.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A symmetric customer-managed KMS key whose policy lets CloudWatch Logs encrypt anomaly
 * detectors of this account and region.
 *
 * The policy is set inline on `aws_kms_key`, so the key never exists with the default policy
 * and a detector that references the key ARN is created only once the policy is in place.
 * The key is protected by `prevent_destroy` unless `preventDestroy: false`.
 */
export class AnomalyDetectorKey extends Construct implements IAnomalyDetectorKey {
  /** A key made elsewhere, by ARN. Its policy must already allow CloudWatch Logs (see `mergeKeyPolicy`). */
  public static fromKeyArn(scope: Construct, id: string, keyArn: string): IAnomalyDetectorKey {
    assertInRegion('keyArn', assertKeyArn('keyArn', keyArn), keyArn, literalProviderRegion(scope));
    class Import extends Construct implements IAnomalyDetectorKey {
      public readonly keyArn = keyArn;
    }
    return new Import(scope, id);
  }

  public readonly keyArn: string;
  public readonly keyId: string;
  /** The alias name (`alias/...`), when one was given. */
  public readonly aliasName?: string;
  /** The key policy document, as Terraform receives it. */
  public readonly policyJson: string;
  /** The construct path below the stack this key had before, from `renamedFrom`. */
  public readonly renamedFrom?: string;

  private readonly statements: KeyPolicyStatement[];

  constructor(scope: Construct, id: string, props: AnomalyDetectorKeyProps = {}) {
    super(scope, id);
    validateKeyProps(this, props);

    const environment = stackEnvironment(this, props);
    // Built now so a duplicate Sid fails at construction; rebuilt lazily to include later additions.
    anomalyDetectorKeyPolicy(environment, props.additionalPolicyStatements);
    this.statements = [...(props.additionalPolicyStatements ?? [])];
    this.policyJson = Lazy.stringValue({
      produce: () => JSON.stringify(anomalyDetectorKeyPolicy(environment, this.statements)),
    });

    const key = new KmsKey(this, KEY_RESOURCE_ID, {
      description: props.description ?? DEFAULT_KEY_DESCRIPTION,
      customerMasterKeySpec: SYMMETRIC_KEY_SPEC,
      keyUsage: 'ENCRYPT_DECRYPT',
      enableKeyRotation: props.enableKeyRotation ?? true,
      rotationPeriodInDays: props.rotationPeriodInDays,
      deletionWindowInDays: props.deletionWindowInDays ?? MAX_DELETION_WINDOW_DAYS,
      policy: this.policyJson,
      tags: props.tags,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;

    let alias: KmsAlias | undefined;
    if (props.alias !== undefined) {
      this.aliasName = normalizeAlias(props.alias);
      alias = new KmsAlias(this, ALIAS_RESOURCE_ID, { name: this.aliasName, targetKeyId: key.keyId });
    }

    if (props.renamedFrom !== undefined) {
      this.renamedFrom = props.renamedFrom;
      const stack = TerraformStack.of(this);
      const former = props.renamedFrom.split('/');
      if (props.renamedFrom === pathInStack(stack, this.node)) {
        throw new Error(`'renamedFrom' must name the path the key had before, not its path now, got '${props.renamedFrom}'`);
      }
      key.moveFromId(`${key.terraformResourceType}.${logicalIdAt(stack, [...former, KEY_RESOURCE_ID])}`);
      alias?.moveFromId(`${alias.terraformResourceType}.${logicalIdAt(stack, [...former, ALIAS_RESOURCE_ID])}`);
    }
  }

  /**
   * Adds a statement to the key policy, as aws-cdk's `Key.addToResourcePolicy` does.
   * @throws when a statement with the same Sid is already there
   */
  public addToResourcePolicy(statement: KeyPolicyStatement): void {
    assertKeyPolicyStatements('statement', [statement]);
    if (statement.Sid !== undefined && this.statements.some((s) => s.Sid === statement.Sid)) {
      throw new Error(`Key policy statement Sids must be unique, got 'Sid' '${statement.Sid}' twice`);
    }
    this.statements.push(statement);
  }
}
