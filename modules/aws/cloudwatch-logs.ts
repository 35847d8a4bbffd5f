import { AwsScope, resolveScope } from './scope';
import { TagRules } from './tags';

/**
 * CloudWatch Logs' facts about anomaly detectors and their keys, from "Use a KMS key with an
 * anomaly detector" (CloudWatch Logs user guide) and the service model.
 */

/**
 * Detector fields that UpdateLogAnomalyDetector has no field for (camelCase prop, Terraform
 * attribute). hashicorp/aws (from the resource's first release, 5.81.0, through 6.x) diffs the
 * whole plan and updates in place whatever changed, so a change to these is planned in place,
 * sent nowhere, and planned again forever: the detector must be replaced for them to apply.
 * Every other field (filter pattern, visibility time, frequency, enabled) updates in place.
 */
export const DETECTOR_FIELDS_ONLY_SET_AT_CREATION = [
  { prop: 'detectorName', attribute: 'detector_name' },
  { prop: 'logGroupArnList', attribute: 'log_group_arn_list' },
] as const;

/** Encryption-context condition keys CloudWatch Logs sends for anomaly detectors. */
export const LOGS_ARN_CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';
export const LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY = 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn';

/** Actions the guide's key policy grants CloudWatch Logs under `LOGS_ARN_CONTEXT_KEY`. */
export const LOGS_ANOMALY_DETECTOR_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;
/** Actions the guide's key policy grants CloudWatch Logs under `LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY`. */
export const LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** What CloudWatch Logs calls to write and read a detector's data: without these the data is unretrievable. */
export const LOGS_DATA_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** The call standing for `kms:ReEncrypt*` when a policy is probed. */
export const LOGS_REENCRYPT_ACTION = 'kms:ReEncryptFrom';

/** One call CloudWatch Logs must be allowed to make on a key, under one encryption context. */
export interface LogsKeyRequirement {
  /** The KMS action, e.g. `kms:GenerateDataKey`. */
  readonly action: string;
  /** The encryption-context condition key the call carries the detector's or log group's ARN under. */
  readonly contextKey: string;
}

/** A concrete call for each action the guide's policy grants (wildcards stand for one call they cover). */
const concrete = (action: string) => (action === 'kms:GenerateDataKey*' ? 'kms:GenerateDataKey' : action === 'kms:ReEncrypt*' ? LOGS_REENCRYPT_ACTION : action);

/** Every call the guide's two statements grant, each under its own context: what a sufficient policy allows. */
export const LOGS_KEY_REQUIREMENTS: readonly LogsKeyRequirement[] = [
  ...LOGS_ANOMALY_DETECTOR_ACTIONS.map((action) => ({ action: concrete(action), contextKey: LOGS_ARN_CONTEXT_KEY })),
  ...LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_ACTIONS.map((action) => ({ action: concrete(action), contextKey: LOGS_ENCRYPTION_SDK_ARN_CONTEXT_KEY })),
];

/** `logs.REGION.DNS_SUFFIX`: CloudWatch Logs' regional service principal. */
export function logsServicePrincipal(scope: AwsScope): string {
  const { region, dnsSuffix } = resolveScope(scope);
  return `logs.${region}.${dnsSuffix}`;
}

/** ARN pattern covering every anomaly detector of the account in the region. */
export function anomalyDetectorArnPattern(scope: AwsScope): string {
  const { partition, region, account } = resolveScope(scope);
  return `arn:${partition}:logs:${region}:${account}:anomaly-detector:*`;
}

/** How often a detector looks for anomalies (the API's `EvaluationFrequency` enum). */
export const EvaluationFrequency = {
  ONE_MIN: 'ONE_MIN',
  FIVE_MIN: 'FIVE_MIN',
  TEN_MIN: 'TEN_MIN',
  FIFTEEN_MIN: 'FIFTEEN_MIN',
  THIRTY_MIN: 'THIRTY_MIN',
  ONE_HOUR: 'ONE_HOUR',
} as const;
/** One of the `EvaluationFrequency` values. */
export type EvaluationFrequency = (typeof EvaluationFrequency)[keyof typeof EvaluationFrequency];

export const MIN_ANOMALY_VISIBILITY_DAYS = 7;
export const MAX_ANOMALY_VISIBILITY_DAYS = 90;
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** CloudWatch Logs' tag rules: the service model's TagKey and TagValue shapes, 50 tags a resource. */
export const DETECTOR_TAG_RULES: TagRules = {
  maxTags: 50,
  maxKeyLength: 128,
  maxValueLength: 256,
  characters: { pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, words: 'letters, digits, spaces and _ . : / = + - @' },
};
