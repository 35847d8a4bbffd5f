import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';
import { REQUIRED_TERRAFORM_VERSION } from '../modules/terraform-version';
import { addAnomalyDetectionResources, AnomalyDetectionResourcesProps } from './anomaly-detection-resources';

/** Alias of the second region's provider, and the prefix of its outputs. */
export const SECOND_REGION_ALIAS = 'second_region';

export interface AnomalyDetectionStackProps extends Omit<AnomalyDetectionResourcesProps, 'provider'> {
  readonly region: string;
  /**
   * A second region with its own key, log groups and detector, made by a provider aliased
   * `second_region`: a key serves only detectors of its region. Its outputs are
   * `second_region_detector_arn` and `second_region_key_arn`. A key ARN given as `key` belongs
   * to the first region, so the second makes a new key then.
   * @default - one region
   */
  readonly secondRegion?: string;
  /** Extra AWS provider settings, e.g. local endpoints. @default - none */
  readonly provider?: Omit<AwsProviderConfig, 'region'>;
}

/** The example app's stack: its AWS provider and the example's resources, in one region or two. */
export class AnomalyDetectionStack extends TerraformStack {
  public readonly detector: EncryptedLogAnomalyDetector;
  /** The second region's detector, with `secondRegion`. */
  public readonly secondRegionDetector?: EncryptedLogAnomalyDetector;

  constructor(scope: Construct, id: string, props: AnomalyDetectionStackProps) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const { provider: providerSettings, region, secondRegion, ...resources } = props;
    new AwsProvider(this, 'aws', { ...providerSettings, region });
    this.detector = addAnomalyDetectionResources(this, resources);
    if (secondRegion !== undefined) {
      const provider = new AwsProvider(this, 'aws-second-region', { ...providerSettings, region: secondRegion, alias: SECOND_REGION_ALIAS });
      const scope = new Construct(this, 'second-region');
      const key = props.key === AWS_OWNED_KEY ? AWS_OWNED_KEY : 'new';
      this.secondRegionDetector = addAnomalyDetectionResources(scope, { ...resources, key, provider });
      // Outputs below the stack get a hashed name; these keep a plain one beside the first region's.
      for (const output of scope.node.children) {
        if (output instanceof TerraformOutput) output.overrideLogicalId(`${SECOND_REGION_ALIAS}_${output.node.id}`);
      }
    }
  }
}
