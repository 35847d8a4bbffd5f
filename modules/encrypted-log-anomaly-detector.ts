import { Construct } from 'constructs';
import { Annotations, CloudwatchLogAnomalyDetector, CloudwatchLogGroup, TerraformProvider, TerraformStack, Token } from './toolchain';
import { AnomalyDetectorKey, AnomalyDetectorKeyProps, IAnomalyDetectorKey } from './anomaly-detector-key';
import { assertInRegion, assertKeyArn, assertLogGroupArn, DETECTOR_REGION_RULE } from './private/arns';
import { pathInStack } from './private/former-address';
import { checkProvider, validateKeyProps } from './private/key-props';
import {
  DETECTOR_FIELDS_ONLY_SET_AT_CREATION,
  DETECTOR_TAG_RULES,
  EvaluationFrequency,
  MAX_ANOMALY_VISIBILITY_DAYS,
  MAX_FILTER_PATTERN_LENGTH,
  MIN_ANOMALY_VISIBILITY_DAYS,
} from './aws/cloudwatch-logs';
import { checkTags, described, literalBoolean, literalInteger, literalOneOf, literalString } from './private/prop-checks';
import { encryptLogGroups, logGroupsToEncrypt } from './private/log-group-encryption';
import { ReplacementTrigger } from './private/replacement-trigger';
import { LiteralProviderSettings, literalProviderSettings } from './private/provider-environment';
import { bindingHasRegionArgument, placeInRegion, REGION_ARGUMENT_RULE } from './private/resource-region';
import { REGION_NAME } from './aws/partitions';
import { RetiredAnomalyDetectorKey } from './retired-anomaly-detector-key';

/** `key` value that leaves encryption to CloudWatch Logs' own (AWS-owned) key. */
export const AWS_OWNED_KEY = 'aws-owned';

/** Construct id of the key the detector makes when `key` is omitted; its address derives from it. */
export const OWN_KEY_ID = 'Key';

/**
 * Construct id of the `terraform_data` whose change replaces the detector. Earlier releases held
 * the filter pattern and visibility time too, under the id `ReplacementTrigger`; a new id, so
 * that the smaller trigger is a new resource rather than a change to the old one, which would
 * replace every detector once on upgrade.
 */
const REPLACEMENT_TRIGGER_ID = 'NameAndLogGroupsTrigger';

/** Props of an `EncryptedLogAnomalyDetector`: only `logGroups` is required. */
export interface EncryptedLogAnomalyDetectorProps {
  /** Log groups the detector watches: `CloudwatchLogGroup` constructs or log group ARNs. At least one. */
  readonly logGroups: ReadonlyArray<CloudwatchLogGroup | string>;

  /**
   * The KMS key that encrypts the detector's model and findings: an `AnomalyDetectorKey` (or
   * `AnomalyDetectorKey.fromKeyArn`), a key ARN, or `'aws-owned'` for CloudWatch Logs' own
   * encryption. Changing or removing it deletes the detector and creates a new one. A key the
   * detector made itself (while `key` was omitted) is then forgotten by Terraform, not deleted.
   * @default - a new `AnomalyDetectorKey` made with `keyProps`
   */
  readonly key?: IAnomalyDetectorKey | string;

  /**
   * Encrypt the log groups the detector watches with its key too: each gets the key as its
   * `kmsKeyId` (in place: CloudWatch Logs' AssociateKmsKey), and an `AnomalyDetectorKey`'s
   * policy lets CloudWatch Logs use the key for them (`logGroups` of the key). They must be
   * `CloudwatchLogGroup` constructs with a literal name and no other key; a key given by ARN
   * must already allow them (`key-policy merge --log-group`). Not with `'aws-owned'`.
   * @default false
   */
  readonly encryptLogGroups?: boolean;

  /**
   * Props of the key made when `key` is omitted. Its provider is the detector's.
   * @default - the `AnomalyDetectorKey` defaults
   */
  readonly keyProps?: AnomalyDetectorKeyProps;

  /**
   * The AWS provider that creates the detector (and the key it makes when `key` is omitted), as
   * every cdktf resource takes one: a provider alias puts the detector in another region or
   * account. The key must be in the provider's region and, when it is an `AnomalyDetectorKey`,
   * list the provider's account in its `detectorAccounts` when both are literals.
   * @default - the stack's default (unaliased) AWS provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Region of the detector. With a hashicorp/aws 6 binding the detector (and the key it makes
   * when `key` is omitted) is made there through the resources' `region` argument, so one
   * provider serves several regions; with aws 5 it must be the provider's region. The log groups
   * and the key must be in this region.
   * @default - the provider's region
   */
  readonly region?: string;

  /**
   * Name of the detector.
   * @default - no name
   */
  readonly detectorName?: string;

  /**
   * How often the detector looks for anomalies.
   * @default - the service default
   */
  readonly evaluationFrequency?: EvaluationFrequency;

  /**
   * Only log events matching this filter pattern are examined (at most 1024 characters).
   * @default - every log event
   */
  readonly filterPattern?: string;

  /**
   * Days an anomaly stays visible before it is baselined as normal, 7 to 90.
   * @default - 21, as the service applies
   */
  readonly anomalyVisibilityTime?: number;

  /**
   * Whether the detector runs; `false` pauses it. CreateLogAnomalyDetector has no such field
   * and hashicorp/aws 5.100.0 does not pause after creating, so `false` takes effect only on an
   * existing detector (a warning says so at synth).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Tags for the detector.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A CloudWatch Logs anomaly detector associated with a customer-managed KMS key.
 *
 * CloudWatch Logs takes a detector's key only at creation: changing or removing the key
 * deletes the detector and creates a new one, with a new ARN and none of the old one's learned
 * patterns or anomalies. The same holds here for `detectorName` and `logGroups`:
 * UpdateLogAnomalyDetector has no name or log-group field, so hashicorp/aws's in-place update
 * would never reach AWS and would show on every plan. A `terraform_data` resource holds those
 * values and replaces the detector when they change. `filterPattern`, `anomalyVisibilityTime`,
 * `evaluationFrequency` and `enabled` update in place, keeping the detector's learned baseline
 * (hashicorp/aws 5.100.0 onwards, 6.x alike). Needs Terraform 1.7 or later
 * (`REQUIRED_TERRAFORM_VERSION`).
 *
 * The detector references the key's ARN, so Terraform creates it after the key and its inline
 * policy, when CloudWatch Logs may already use the key. Association can take up to five
 * minutes to take effect.
 */
export class EncryptedLogAnomalyDetector extends Construct {
  /** ARN of the detector; a new one whenever the detector is replaced. */
  public readonly detectorArn: string;
  /** ARN of the associated key; undefined with `'aws-owned'`. */
  public readonly keyArn?: string;
  /** The associated key; undefined with `'aws-owned'`. */
  public readonly key?: IAnomalyDetectorKey;

  constructor(scope: Construct, id: string, props: EncryptedLogAnomalyDetectorProps) {
    super(scope, id);
    validateDetectorProps(this, props);
    const logGroupArns = props.logGroups.map((g) => (typeof g === 'string' ? g : g.arn));

    this.key = this.resolveKey(props);
    this.keyArn = this.key?.keyArn;
    if (props.encryptLogGroups === true) encryptLogGroups(logGroupsToEncrypt(props.logGroups, props.key, AWS_OWNED_KEY), this.key!);

    const values: Record<(typeof DETECTOR_FIELDS_ONLY_SET_AT_CREATION)[number]['prop'], unknown> = {
      detectorName: props.detectorName,
      logGroupArnList: logGroupArns,
    };
    const replacementTrigger = new ReplacementTrigger(
      this,
      REPLACEMENT_TRIGGER_ID,
      Object.fromEntries(DETECTOR_FIELDS_ONLY_SET_AT_CREATION.map(({ prop }) => [prop, values[prop]])),
    );

    const detector = new CloudwatchLogAnomalyDetector(this, 'Detector', {
      provider: props.provider,
      logGroupArnList: logGroupArns,
      kmsKeyId: this.keyArn,
      detectorName: props.detectorName,
      evaluationFrequency: props.evaluationFrequency,
      filterPattern: props.filterPattern,
      anomalyVisibilityTime: props.anomalyVisibilityTime,
      enabled: props.enabled ?? true,
      tags: props.tags,
      lifecycle: { replaceTriggeredBy: [replacementTrigger.address] },
    });
    this.detectorArn = detector.arn;
    placeInRegion(props.region, detector);

    if (props.enabled === false) {
      Annotations.of(this).addWarning(
        "'enabled' false pauses an existing detector only: a new or replaced detector starts running, " +
          'because CreateLogAnomalyDetector has no enabled field and hashicorp/aws 5.100.0 sends no update after creating',
      );
    }
  }

  private resolveKey(props: EncryptedLogAnomalyDetectorProps): IAnomalyDetectorKey | undefined {
    if (props.key === undefined) {
      return new AnomalyDetectorKey(this, OWN_KEY_ID, { ...props.keyProps, provider: props.provider, region: props.keyProps?.region ?? props.region });
    }
    this.forgetOwnKey(props.key);
    if (props.key === AWS_OWNED_KEY) return undefined;
    if (typeof props.key === 'string') return AnomalyDetectorKey.fromKeyArn(this, 'ImportedKey', props.key);
    return props.key;
  }

  /**
   * The key this detector made while `key` was omitted would leave the configuration now, and
   * a plain apply would delete it: Terraform forgets it instead. Not when the given key is that
   * same key moved elsewhere (`renamedFrom`), which a `moved` block carries over.
   */
  private forgetOwnKey(key: IAnomalyDetectorKey | string): void {
    const ownKeyPath = `${pathInStack(TerraformStack.of(this), this.node)}/${OWN_KEY_ID}`;
    if (key instanceof AnomalyDetectorKey && key.renamedFrom === ownKeyPath) return;
    new RetiredAnomalyDetectorKey(this, OWN_KEY_ID);
  }
}

/** Where the detector is made: its provider's literal region and account, and how to name the provider. */
interface DetectorPlace {
  readonly region?: string;
  readonly account?: string;
  readonly providerName: string;
}

function validateDetectorProps(scope: Construct, props: EncryptedLogAnomalyDetectorProps): void {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new Error(`'props' must be an object of EncryptedLogAnomalyDetectorProps, got ${described(props)}`);
  }
  checkProvider('provider', props.provider);
  const provider = literalProviderSettings(scope, props.provider);
  const place: DetectorPlace = { region: checkDetectorRegion(props.region, provider), account: provider.account, providerName: provider.name };
  const logGroupAccounts = checkLogGroups(props.logGroups, place);
  checkKey(scope, props, place, logGroupAccounts);
  literalString('detectorName', props.detectorName, { min: 1 });
  literalOneOf('evaluationFrequency', props.evaluationFrequency, Object.values(EvaluationFrequency));
  literalString('filterPattern', props.filterPattern, { max: MAX_FILTER_PATTERN_LENGTH });
  literalInteger('anomalyVisibilityTime', props.anomalyVisibilityTime, MIN_ANOMALY_VISIBILITY_DAYS, MAX_ANOMALY_VISIBILITY_DAYS, 'a whole number of days');
  literalBoolean('enabled', props.enabled);
  if (literalBoolean('encryptLogGroups', props.encryptLogGroups) === true) logGroupsToEncrypt(props.logGroups, props.key, AWS_OWNED_KEY);
  checkTags('tags', props.tags, DETECTOR_TAG_RULES);
}

/** The detector's literal region: its `region` prop, else the provider's. */
function checkDetectorRegion(value: unknown, provider: LiteralProviderSettings): string | undefined {
  const region = literalString('region', value);
  if (region === undefined) return Token.isUnresolved(value) ? undefined : provider.region;
  if (!REGION_NAME.test(region)) throw new Error(`'region' must be an AWS region name like 'us-east-1', got '${region}'`);
  if (provider.region !== undefined && region !== provider.region && !bindingHasRegionArgument()) {
    throw new Error(`'region' must be the region ${provider.region} of ${provider.name}, got '${region}': ${REGION_ARGUMENT_RULE}`);
  }
  return region;
}

/** Checks the literal log groups; returns the accounts their ARNs name. */
function checkLogGroups(logGroups: unknown, place: DetectorPlace): Set<string> {
  const accounts = new Set<string>();
  // A list token (a variable, a function's result) stands for the whole list, known only at plan.
  if (Token.isUnresolved(logGroups)) return accounts;
  if (!Array.isArray(logGroups)) {
    throw new Error(`'logGroups' must be a list of CloudwatchLogGroup constructs or log group ARNs, got ${described(logGroups)}`);
  }
  if (logGroups.length === 0) throw new Error(`'logGroups' must name at least one log group, got an empty list`);
  logGroups.forEach((group: unknown, i) => {
    const prop = `logGroups[${i}]`;
    const value = group !== null && typeof group === 'object' && 'arn' in group ? group.arn : group;
    if (typeof value !== 'string') throw new Error(`'${prop}' must be a CloudwatchLogGroup construct or a log group ARN, got ${described(group)}`);
    const arn = assertLogGroupArn(prop, value);
    assertInRegion(prop, arn, value, place.region, place.providerName);
    if (arn) accounts.add(arn.account);
  });
  return accounts;
}

function checkKey(scope: Construct, props: EncryptedLogAnomalyDetectorProps, place: DetectorPlace, logGroupAccounts: Set<string>): void {
  const { key } = props;
  if (key !== undefined && props.keyProps !== undefined) {
    throw new Error(`'keyProps' applies only when 'key' is omitted, got both`);
  }
  if (key === undefined) {
    if (props.keyProps?.provider !== undefined) {
      throw new Error(`'keyProps.provider' must be omitted: the key the detector makes uses the detector's 'provider'`);
    }
    if (props.keyProps !== undefined) validateKeyProps(scope, props.keyProps, 'keyProps.', props.provider);
    return;
  }
  if (key === AWS_OWNED_KEY) return;
  const keyArn: unknown = typeof key === 'string' ? key : (key as Partial<IAnomalyDetectorKey> | null)?.keyArn;
  if (typeof keyArn !== 'string') {
    throw new Error(`'key' must be an AnomalyDetectorKey, a KMS key ARN or '${AWS_OWNED_KEY}', got ${described(key)}`);
  }
  if (key instanceof AnomalyDetectorKey) {
    checkKeyConstruct(key, place);
    return;
  }
  const arn = assertKeyArn('key', keyArn);
  if (arn && place.region !== undefined && arn.region !== place.region) {
    throw new Error(
      `'key' is ${typeof key === 'string' ? 'a key ARN' : 'an imported key'} in region ${arn.region}, the detector is in region ${place.region} (of ${place.providerName}), got '${keyArn}': ${DETECTOR_REGION_RULE}`,
    );
  }
  const detectorAccounts = place.account !== undefined ? new Set([place.account, ...logGroupAccounts]) : logGroupAccounts;
  const otherAccounts = [...detectorAccounts].filter((account) => arn && account !== arn.account);
  if (arn && otherAccounts.length > 0) {
    // A warning, not an error: AWS may accept it, and the key's policy is not readable at synth.
    Annotations.of(scope).addWarning(
      `'key' belongs to account ${arn.account}, the detector to ${otherAccounts.join(', ')}: CloudWatch Logs can use the key ` +
        `only if its policy lets CloudWatch Logs use it for detectors of the detector's account, which cannot be checked at synth`,
    );
  }
}

/** An `AnomalyDetectorKey` of this app: its region and accounts are known here, so mismatches fail at synth. */
function checkKeyConstruct(key: AnomalyDetectorKey, place: DetectorPlace): void {
  if (!Token.isUnresolved(key.region) && place.region !== undefined && key.region !== place.region) {
    throw new Error(
      `'key' is an AnomalyDetectorKey (${key.node.path}) in region ${key.region}, the detector is in region ${place.region} ` +
        `(of ${place.providerName}): ${DETECTOR_REGION_RULE}; make a key in the detector's region`,
    );
  }
  const literalAccounts = key.detectorAccounts.filter((account) => !Token.isUnresolved(account));
  if (place.account !== undefined && literalAccounts.length === key.detectorAccounts.length && !literalAccounts.includes(place.account)) {
    throw new Error(
      `'key' is an AnomalyDetectorKey (${key.node.path}) whose policy lets detectors of ${literalAccounts.join(', ')} use it, ` +
        `not of the detector's account ${place.account} (of ${place.providerName}): add ${place.account} to the key's 'detectorAccounts'`,
    );
  }
}
