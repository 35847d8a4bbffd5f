import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogAnomalyDetector } from '@cdktf/provider-aws/lib/cloudwatch-log-anomaly-detector';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey, AnomalyDetectorKeyProps, IAnomalyDetectorKey } from './anomaly-detector-key';
import { assertKeyArn, assertLogGroupArn } from './private/arns';
import { ReplacementTrigger } from './private/replacement-trigger';
import { literalProviderRegion } from './private/stack-environment';

/** How often a detector looks for anomalies (the API's `EvaluationFrequency` enum). */
export const EvaluationFrequency = {
  ONE_MIN: 'ONE_MIN',
  FIVE_MIN: 'FIVE_MIN',
  TEN_MIN: 'TEN_MIN',
  FIFTEEN_MIN: 'FIFTEEN_MIN',
  THIRTY_MIN: 'THIRTY_MIN',
  ONE_HOUR: 'ONE_HOUR',
} as const;
export type EvaluationFrequency = (typeof EvaluationFrequency)[keyof typeof EvaluationFrequency];

/** `key` value that leaves encryption to CloudWatch Logs' own (AWS-owned) key. */
export const AWS_OWNED_KEY = 'aws-owned';

export const MIN_ANOMALY_VISIBILITY_DAYS = 7;
export const MAX_ANOMALY_VISIBILITY_DAYS = 90;
export const MAX_FILTER_PATTERN_LENGTH = 1024;

export interface EncryptedLogAnomalyDetectorProps {
  /** Log groups the detector watches: `CloudwatchLogGroup` constructs or log group ARNs. At least one. */
  readonly logGroups: ReadonlyArray<CloudwatchLogGroup | string>;

  /**
   * The KMS key that encrypts the detector's model and findings: an `AnomalyDetectorKey` (or
   * `AnomalyDetectorKey.fromKeyArn`), a key ARN, or `'aws-owned'` for CloudWatch Logs' own
   * encryption. Changing or removing it deletes the detector and creates a new one.
   * @default - a new `AnomalyDetectorKey` made with `keyProps`
   */
  readonly key?: IAnomalyDetectorKey | string;

  /**
   * Props of the key made when `key` is omitted.
   * @default - the `AnomalyDetectorKey` defaults
   */
  readonly keyProps?: AnomalyDetectorKeyProps;

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
 * patterns or anomalies. The same holds here for `detectorName`, `filterPattern`,
 * `anomalyVisibilityTime` and `logGroups`: hashicorp/aws 5.100.0 sends an update only when the
 * name, evaluation frequency or `enabled` change, and UpdateLogAnomalyDetector has no name or
 * log-group field, so an in-place change would never reach AWS and would show on every plan.
 * A `terraform_data` resource holds those values and replaces the detector when they change
 * (Terraform 1.4 or later).
 * `evaluationFrequency` and `enabled` update in place.
 *
 * The detector references the key's ARN, so Terraform creates it after the key and its inline
 * policy, when CloudWatch Logs may already use the key. Association can take up to five
 * minutes to take effect.
 */
export class EncryptedLogAnomalyDetector extends Construct {
  public readonly detectorArn: string;
  /** ARN of the associated key; undefined with `'aws-owned'`. */
  public readonly keyArn?: string;
  /** The associated key; undefined with `'aws-owned'`. */
  public readonly key?: IAnomalyDetectorKey;

  constructor(scope: Construct, id: string, props: EncryptedLogAnomalyDetectorProps) {
    super(scope, id);
    const logGroupArns = props.logGroups.map((g) => (typeof g === 'string' ? g : g.arn));
    validateDetectorProps(this, props, logGroupArns);

    this.key = this.resolveKey(props);
    this.keyArn = this.key?.keyArn;

    const replacementTrigger = new ReplacementTrigger(this, 'ReplacementTrigger', {
      detectorName: props.detectorName,
      filterPattern: props.filterPattern,
      anomalyVisibilityTime: props.anomalyVisibilityTime,
      logGroupArnList: logGroupArns,
    });

    const detector = new CloudwatchLogAnomalyDetector(this, 'Detector', {
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

    if (props.enabled === false) {
      Annotations.of(this).addWarning(
        "'enabled' false pauses an existing detector only: a new or replaced detector starts running, " +
          'because CreateLogAnomalyDetector has no enabled field and hashicorp/aws 5.100.0 sends no update after creating',
      );
    }
  }

  private resolveKey(props: EncryptedLogAnomalyDetectorProps): IAnomalyDetectorKey | undefined {
    if (props.key === AWS_OWNED_KEY) return undefined;
    if (typeof props.key === 'string') return AnomalyDetectorKey.fromKeyArn(this, 'ImportedKey', props.key);
    return props.key ?? new AnomalyDetectorKey(this, 'Key', props.keyProps);
  }
}

function validateDetectorProps(scope: Construct, props: EncryptedLogAnomalyDetectorProps, logGroupArns: string[]): void {
  const stackRegion = literalProviderRegion(scope);
  if (props.key !== undefined && props.keyProps !== undefined) {
    throw new Error(`'keyProps' applies only when 'key' is omitted, got both`);
  }
  if (typeof props.key === 'string' && props.key !== AWS_OWNED_KEY) {
    const arn = assertKeyArn('key', props.key);
    if (arn && stackRegion && arn.region !== stackRegion) {
      throw new Error(
        `'key' must be in the stack's region ${stackRegion}, got a key in ${arn.region}: ` +
          `CloudWatch Logs uses only keys in the detector's region`,
      );
    }
  }
  if (logGroupArns.length === 0) {
    throw new Error(`'logGroups' must name at least one log group, got an empty list`);
  }
  // A list token (a variable, a function's result) stands for the whole list, known only at plan.
  const literalLogGroupArns = Token.isUnresolved(logGroupArns) ? [] : logGroupArns;
  literalLogGroupArns.forEach((value, i) => {
    const arn = assertLogGroupArn(`logGroups[${i}]`, value);
    if (arn && stackRegion && arn.region !== stackRegion) {
      throw new Error(`'logGroups[${i}]' must be in the stack's region ${stackRegion}, got '${value}'`);
    }
  });
  if (props.detectorName !== undefined && !Token.isUnresolved(props.detectorName) && props.detectorName.length < 1) {
    throw new Error(`'detectorName' must be at least 1 character when given, got ''`);
  }
  const frequencies: readonly string[] = Object.values(EvaluationFrequency);
  if (props.evaluationFrequency !== undefined && !Token.isUnresolved(props.evaluationFrequency) && !frequencies.includes(props.evaluationFrequency)) {
    throw new Error(`'evaluationFrequency' must be one of ${frequencies.join(' | ')}, got '${props.evaluationFrequency}'`);
  }
  if (props.filterPattern !== undefined && !Token.isUnresolved(props.filterPattern) && props.filterPattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new Error(`'filterPattern' must be at most ${MAX_FILTER_PATTERN_LENGTH} characters, got ${props.filterPattern.length}`);
  }
  const days = props.anomalyVisibilityTime;
  if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < MIN_ANOMALY_VISIBILITY_DAYS || days > MAX_ANOMALY_VISIBILITY_DAYS)) {
    throw new Error(
      `'anomalyVisibilityTime' must be a whole number of days between ${MIN_ANOMALY_VISIBILITY_DAYS} and ${MAX_ANOMALY_VISIBILITY_DAYS}, got ${days}`,
    );
  }
}
