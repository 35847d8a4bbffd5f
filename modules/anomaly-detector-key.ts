import { Construct, IConstruct } from 'constructs';
import { KmsAlias, KmsKey, Lazy, TerraformProvider, TerraformStack, Token } from './toolchain';
import { anomalyDetectorKeyPolicy, assertKeyPolicySize, assertKeyPolicyStatements, KeyPolicyStatement } from './key-policy';
import { assertLogGroupNames, servedLogGroupNames } from './log-group-key-policy';
import { assertKeyArn } from './private/arns';
import { logicalIdAt, pathInStack } from './private/former-address';
import { MAX_DELETION_WINDOW_DAYS, SYMMETRIC_KEY_SPEC } from './aws/kms';
import { normalizeAlias, validateKeyProps } from './private/key-props';
import { providerEnvironment } from './private/provider-environment';
import { placeInRegion } from './private/resource-region';

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

/** Props of an `AnomalyDetectorKey`; every one is optional. */
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
   * The AWS provider that creates the key, as every cdktf resource takes one: its region and
   * account are the key's. A key serves detectors of its own region only.
   * @default - the stack's default (unaliased) AWS provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Region of the key, for its policy's CloudWatch Logs principal and detector ARNs. With a
   * hashicorp/aws 6 binding the key and its alias are made there (the resources' `region`
   * argument), so one provider serves several regions; with aws 5 it must be the provider's
   * region when that is a literal.
   * @default - the provider's region when it is a literal, else `data.aws_region` of the provider
   */
  readonly region?: string;

  /**
   * Account that owns the key: its account-root statement keeps the key manageable through IAM.
   * @default - `data.aws_caller_identity` of the provider (needs credentials at plan time)
   */
  readonly account?: string;

  /**
   * Accounts whose anomaly detectors, in the key's region, may use the key: a central key of a
   * security account serving workload accounts. Every one gets its
   * `arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:*` pattern in both CloudWatch Logs
   * statements. 12-digit accounts, no duplicates, at most 150 (the key policy must fit KMS's
   * 32 KB). List the key's own account too if its detectors use the key.
   * Dropping an account later makes its detectors' data unretrievable: plan review blocks it.
   * @default - the key's own account (`account`)
   */
  readonly detectorAccounts?: string[];

  /**
   * Log groups of the key's account and region that CloudWatch Logs may encrypt with the key:
   * their names, or patterns with `*` (`'*'` is every log group there). Names are literal or
   * tokens that do not refer to the log groups themselves: a log group given this key refers to
   * it, so a policy naming that log group's attribute would make a cycle. Exact names get an
   * ArnEquals condition on their ARNs, patterns ArnLike. Taking a log group out later makes
   * its encrypted events unreadable: plan review blocks it. The Terraform module's
   * `key_log_group_names` and `key-policy merge --log-group NAME` take the same names.
   * @default - none: the key serves anomaly detectors only
   */
  readonly logGroupNames?: string[];

  /**
   * The former name of `logGroupNames`; giving both is an error.
   * @deprecated Use `logGroupNames`. Removed in 0.3.0.
   */
  readonly logGroups?: string[];

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
 * detectors of the key's region, in its own account or in the `detectorAccounts` given.
 *
 * The policy is set inline on `aws_kms_key`, so the key never exists with the default policy
 * and a detector that references the key ARN is created only once the policy is in place.
 * The key is protected by `prevent_destroy` unless `preventDestroy: false`.
 */
export class AnomalyDetectorKey extends Construct implements IAnomalyDetectorKey {
  /**
   * A key made elsewhere, by ARN. Its policy must already allow CloudWatch Logs (see
   * `mergeKeyPolicy`). A detector that uses it checks that it is in the detector's region.
   */
  public static fromKeyArn(scope: Construct, id: string, keyArn: string): IAnomalyDetectorKey {
    assertKeyArn('keyArn', keyArn);
    class Import extends Construct implements IAnomalyDetectorKey {
      public readonly keyArn = keyArn;
    }
    return new Import(scope, id);
  }

  /** ARN of the key: what a detector takes as `key`, and CloudWatch Logs stores as its `kmsKeyId`. */
  public readonly keyArn: string;
  /** The key's id (the UUID at the end of its ARN). */
  public readonly keyId: string;
  /** The alias name (`alias/...`), when one was given. */
  public readonly aliasName?: string;
  /** The key policy document, as Terraform receives it. */
  public readonly policyJson: string;
  /** The construct path below the stack this key had before, from `renamedFrom`. */
  public readonly renamedFrom?: string;
  /** The key's region: a literal when the props or the provider give one, else a token. */
  public readonly region: string;
  /** The accounts whose detectors may use the key (tokens where not literal). */
  public readonly detectorAccounts: readonly string[];
  /** The provider that creates the key; undefined for the stack's default. */
  public readonly provider?: TerraformProvider;

  private readonly statements: KeyPolicyStatement[];
  private readonly servedLogGroups: string[];

  constructor(scope: Construct, id: string, props: AnomalyDetectorKeyProps = {}) {
    super(scope, id);
    validateKeyProps(this, props);
    const logGroupNames = props.logGroupNames ?? props.logGroups;

    const environment = providerEnvironment(this, props, props.provider);
    this.region = environment.region;
    this.provider = props.provider;
    this.detectorAccounts = [...(props.detectorAccounts ?? [environment.account])];
    // Built now so a duplicate Sid fails at construction; rebuilt lazily to include later additions.
    anomalyDetectorKeyPolicy(environment, props.additionalPolicyStatements, this.detectorAccounts, logGroupNames);
    this.statements = [...(props.additionalPolicyStatements ?? [])];
    this.servedLogGroups = [...(logGroupNames ?? [])];
    this.policyJson = Lazy.stringValue({
      produce: () => {
        const policy = JSON.stringify(anomalyDetectorKeyPolicy(environment, this.statements, this.detectorAccounts, this.servedLogGroups));
        // With tokens in it the size is known only at plan; KMS refuses it then.
        if (!Token.isUnresolved(policy)) assertKeyPolicySize(`The key policy of ${this.node.path}`, policy);
        return policy;
      },
    });

    const key = new KmsKey(this, KEY_RESOURCE_ID, {
      provider: props.provider,
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
      alias = new KmsAlias(this, ALIAS_RESOURCE_ID, { provider: props.provider, name: this.aliasName, targetKeyId: key.keyId });
    }
    placeInRegion(props.region, key, alias);

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

  /** The log groups (names or `*` patterns) CloudWatch Logs may encrypt with the key. */
  public get logGroupNames(): readonly string[] {
    return servedLogGroupNames(this.servedLogGroups);
  }

  /**
   * The former name of `logGroupNames`.
   * @deprecated Use `logGroupNames`. Removed in 0.3.0.
   */
  public get logGroups(): readonly string[] {
    return this.logGroupNames;
  }

  /**
   * Lets CloudWatch Logs encrypt these log groups (names or `*` patterns, as `logGroupNames`)
   * with the key too; names already served are not added again.
   */
  public addLogGroupNames(names: string[]): void {
    assertLogGroupNames('names', names, (name) => Token.isUnresolved(name));
    this.servedLogGroups.push(...names.filter((name) => !this.servedLogGroups.includes(name)));
  }

  /**
   * The former name of `addLogGroupNames`.
   * @deprecated Use `addLogGroupNames`. Removed in 0.3.0.
   */
  public addLogGroups(names: string[]): void {
    this.addLogGroupNames(names);
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
