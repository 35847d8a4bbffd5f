import { TerraformOutput, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey, IAnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';
import { EvaluationFrequency } from '../modules/aws/cloudwatch-logs';
import { RetiredAnomalyDetectorKey } from '../modules/retired-anomaly-detector-key';

/** Which key the example detector uses: `'new'`, `'aws-owned'` (`AWS_OWNED_KEY`) or a KMS key ARN. */
export type ExampleKeyChoice = string;

export interface AnomalyDetectionResourcesProps {
  /** Prefix of every name, so several copies can share an account. */
  readonly namePrefix: string;
  /** `'new'` makes an `AnomalyDetectorKey`; `'aws-owned'` or a key ARN are passed to the detector. */
  readonly key: ExampleKeyChoice;
  /** @default - `data.aws_caller_identity` */
  readonly account?: string;
  /**
   * `prevent_destroy` on the new key, and whether switching `key` away from `'new'` forgets the
   * key (true) or schedules its deletion (false).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** @default EvaluationFrequency.FIFTEEN_MIN */
  readonly evaluationFrequency?: EvaluationFrequency;
  /** @default - every log event */
  readonly filterPattern?: string;
  /** @default true */
  readonly enabled?: boolean;
  /** The AWS provider of every resource. @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** Construct id of the example's key: its Terraform address derives from it, so it never changes. */
const EXAMPLE_KEY_ID = 'key';

/** The example's log groups (construct id prefix and name suffix), in the order the detector lists them. */
const EXAMPLE_LOG_GROUPS = ['application', 'access'] as const;

/** Names of the example's log groups for a name prefix: what `npm start` reads back. */
export function exampleLogGroupNames(namePrefix: string): string[] {
  return EXAMPLE_LOG_GROUPS.map((name) => `/${namePrefix}/${name}`);
}

/**
 * The example's resources, added straight to `scope` (no construct of their own, so their
 * addresses in the example stack stay what they have always been): two log groups, one key,
 * one detector watching both, and the `detector_arn` and `key_arn` outputs. The test harness
 * adds them to a scenario's scope instead. With a new key, the key encrypts the log groups
 * too (their `kms_key_id`, an in-place change for a stack deployed before); a key given by ARN
 * encrypts the detector only, as its policy may serve detectors only.
 */
export function addAnomalyDetectionResources(scope: Construct, props: AnomalyDetectionResourcesProps): EncryptedLogAnomalyDetector {
  const names = exampleLogGroupNames(props.namePrefix);
  const logGroups = EXAMPLE_LOG_GROUPS.map(
    (id, i) =>
      new CloudwatchLogGroup(scope, `${id}-logs`, {
        provider: props.provider,
        name: names[i],
        retentionInDays: 30,
      }),
  );

  const detector = new EncryptedLogAnomalyDetector(scope, 'detector', {
    provider: props.provider,
    logGroups,
    key: exampleKey(scope, props),
    encryptLogGroups: props.key === 'new',
    detectorName: `${props.namePrefix}-detector`,
    evaluationFrequency: props.evaluationFrequency ?? EvaluationFrequency.FIFTEEN_MIN,
    filterPattern: props.filterPattern,
    enabled: props.enabled,
    tags: { project: props.namePrefix },
  });

  new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
  new TerraformOutput(scope, 'key_arn', { value: detector.keyArn ?? AWS_OWNED_KEY });
  return detector;
}

function exampleKey(scope: Construct, props: AnomalyDetectionResourcesProps): IAnomalyDetectorKey | string {
  if (props.key !== 'new') {
    // The key an earlier 'new' deployment made leaves the configuration: kept unless deletion was asked for.
    if (props.preventDestroy ?? true) new RetiredAnomalyDetectorKey(scope, EXAMPLE_KEY_ID);
    return props.key;
  }
  return new AnomalyDetectorKey(scope, EXAMPLE_KEY_ID, {
    provider: props.provider,
    alias: `${props.namePrefix}-anomaly-detector`,
    account: props.account,
    preventDestroy: props.preventDestroy,
    tags: { project: props.namePrefix },
  });
}
