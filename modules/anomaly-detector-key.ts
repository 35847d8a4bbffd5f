import { Lazy, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { anomalyDetectorKeyPolicy, KeyPolicyStatement } from './key-policy';
import { stackEnvironment } from './private/stack-environment';
import { assertKeyArn } from './private/arns';

/** A KMS key that anomaly detectors can be associated with. */
export interface IAnomalyDetectorKey extends IConstruct {
  /** ARN of the key: what CloudWatch Logs stores as the detector's `kmsKeyId`. */
  readonly keyArn: string;
}

/** The only key spec CloudWatch Logs accepts. */
export const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';
export const MIN_DELETION_WINDOW_DAYS = 7;
export const MAX_DELETION_WINDOW_DAYS = 30;
export const MIN_ROTATION_PERIOD_DAYS = 90;
export const MAX_ROTATION_PERIOD_DAYS = 2560;
export const ALIAS_PREFIX = 'alias/';
/** Aliases under this prefix belong to AWS managed keys. */
export const RESERVED_ALIAS_PREFIX = 'alias/aws/';
export const MAX_ALIAS_LENGTH = 256;
/** What a full alias name (with `alias/`) may hold. */
export const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;
export const MAX_DESCRIPTION_LENGTH = 8192;
export const DEFAULT_KEY_DESCRIPTION = 'Encrypts CloudWatch Logs anomaly detectors and their findings';

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
    assertKeyArn('keyArn', keyArn);
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

  private readonly statements: KeyPolicyStatement[];

  constructor(scope: Construct, id: string, props: AnomalyDetectorKeyProps = {}) {
    super(scope, id);
    validateKeyProps(props);

    const environment = stackEnvironment(this, props);
    // Built now so a duplicate Sid fails at construction; rebuilt lazily to include later additions.
    anomalyDetectorKeyPolicy(environment, props.additionalPolicyStatements);
    this.statements = [...(props.additionalPolicyStatements ?? [])];
    this.policyJson = Lazy.stringValue({
      produce: () => JSON.stringify(anomalyDetectorKeyPolicy(environment, this.statements)),
    });

    const key = new KmsKey(this, 'Key', {
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

    if (props.alias !== undefined) {
      this.aliasName = normalizeAlias(props.alias);
      new KmsAlias(this, 'Alias', { name: this.aliasName, targetKeyId: key.keyId });
    }
  }

  /**
   * Adds a statement to the key policy, as aws-cdk's `Key.addToResourcePolicy` does.
   * @throws when a statement with the same Sid is already there
   */
  public addToResourcePolicy(statement: KeyPolicyStatement): void {
    if (statement.Sid !== undefined && this.statements.some((s) => s.Sid === statement.Sid)) {
      throw new Error(`Key policy statement Sids must be unique, got 'Sid' '${statement.Sid}' twice`);
    }
    this.statements.push(statement);
  }
}

function normalizeAlias(alias: string): string {
  return alias.startsWith(ALIAS_PREFIX) ? alias : `${ALIAS_PREFIX}${alias}`;
}

function assertRange(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`'${prop}' must be a whole number between ${min} and ${max}, got ${value}`);
  }
}

function validateKeyProps(props: AnomalyDetectorKeyProps): void {
  if (props.keySpec !== undefined && props.keySpec !== SYMMETRIC_KEY_SPEC) {
    throw new Error(
      `'keySpec' must be '${SYMMETRIC_KEY_SPEC}', got '${props.keySpec}': CloudWatch Logs supports only symmetric KMS keys`,
    );
  }
  assertRange('deletionWindowInDays', props.deletionWindowInDays, MIN_DELETION_WINDOW_DAYS, MAX_DELETION_WINDOW_DAYS);
  assertRange('rotationPeriodInDays', props.rotationPeriodInDays, MIN_ROTATION_PERIOD_DAYS, MAX_ROTATION_PERIOD_DAYS);
  if (props.rotationPeriodInDays !== undefined && props.enableKeyRotation === false) {
    throw new Error(`'rotationPeriodInDays' needs 'enableKeyRotation' true, got enableKeyRotation false`);
  }
  if (props.description !== undefined && !Token.isUnresolved(props.description) && props.description.length > MAX_DESCRIPTION_LENGTH) {
    throw new Error(`'description' must be at most ${MAX_DESCRIPTION_LENGTH} characters, got ${props.description.length}`);
  }
  if (props.alias !== undefined && !Token.isUnresolved(props.alias)) {
    const alias = normalizeAlias(props.alias);
    if (alias.length > MAX_ALIAS_LENGTH || !ALIAS_NAME.test(alias) || alias.startsWith(RESERVED_ALIAS_PREFIX)) {
      throw new Error(
        `'alias' must be at most ${MAX_ALIAS_LENGTH} characters of letters, digits, '/', '_' and '-' ` +
          `and must not start with '${RESERVED_ALIAS_PREFIX}' (reserved for AWS managed keys), got '${props.alias}'`,
      );
    }
  }
  if (props.account !== undefined && !Token.isUnresolved(props.account) && !/^\d{12}$/.test(props.account)) {
    throw new Error(`'account' must be 12 digits, got '${props.account}'`);
  }
}
