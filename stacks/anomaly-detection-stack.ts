import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey, IAnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';
import { EvaluationFrequency } from '../modules/aws/cloudwatch-logs';
import { RetiredAnomalyDetectorKey } from '../modules/retired-anomaly-detector-key';
import { REQUIRED_TERRAFORM_VERSION } from '../modules/terraform-version';

/** Which key the example detector uses: `'new'`, `'aws-owned'` (`AWS_OWNED_KEY`) or a KMS key ARN. */
export type ExampleKeyChoice = string;

export interface AnomalyDetectionStackProps {
  readonly region: string;
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
  /** Extra AWS provider settings, e.g. local endpoints. @default - none */
  readonly provider?: Omit<AwsProviderConfig, 'region'>;
}

/** Construct id of the example's key: its Terraform address derives from it, so it never changes. */
const EXAMPLE_KEY_ID = 'key';

/** The example: two log groups, one key, one detector watching both. */
export class AnomalyDetectionStack extends TerraformStack {
  public readonly detector: EncryptedLogAnomalyDetector;

  constructor(scope: Construct, id: string, props: AnomalyDetectionStackProps) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new AwsProvider(this, 'aws', { ...props.provider, region: props.region });

    const logGroups = ['application', 'access'].map(
      (name) =>
        new CloudwatchLogGroup(this, `${name}-logs`, {
          name: `/${props.namePrefix}/${name}`,
          retentionInDays: 30,
        }),
    );

    this.detector = new EncryptedLogAnomalyDetector(this, 'detector', {
      logGroups,
      key: this.key(props),
      detectorName: `${props.namePrefix}-detector`,
      evaluationFrequency: props.evaluationFrequency ?? EvaluationFrequency.FIFTEEN_MIN,
      filterPattern: props.filterPattern,
      enabled: props.enabled,
      tags: { project: props.namePrefix },
    });

    new TerraformOutput(this, 'detector_arn', { value: this.detector.detectorArn });
    new TerraformOutput(this, 'key_arn', { value: this.detector.keyArn ?? AWS_OWNED_KEY });
  }

  private key(props: AnomalyDetectionStackProps): IAnomalyDetectorKey | string {
    if (props.key !== 'new') {
      // The key an earlier 'new' deployment made leaves the configuration: kept unless deletion was asked for.
      if (props.preventDestroy ?? true) new RetiredAnomalyDetectorKey(this, EXAMPLE_KEY_ID);
      return props.key;
    }
    return new AnomalyDetectorKey(this, EXAMPLE_KEY_ID, {
      alias: `${props.namePrefix}-anomaly-detector`,
      account: props.account,
      preventDestroy: props.preventDestroy,
      tags: { project: props.namePrefix },
    });
  }
}
