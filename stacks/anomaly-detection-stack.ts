import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';
import { REQUIRED_TERRAFORM_VERSION } from '../modules/terraform-version';
import { addAnomalyDetectionResources, AnomalyDetectionResourcesProps } from './anomaly-detection-resources';

export interface AnomalyDetectionStackProps extends AnomalyDetectionResourcesProps {
  readonly region: string;
  /** Extra AWS provider settings, e.g. local endpoints. @default - none */
  readonly provider?: Omit<AwsProviderConfig, 'region'>;
}

/** The example app's stack: its AWS provider and the example's resources. */
export class AnomalyDetectionStack extends TerraformStack {
  public readonly detector: EncryptedLogAnomalyDetector;

  constructor(scope: Construct, id: string, props: AnomalyDetectionStackProps) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new AwsProvider(this, 'aws', { ...props.provider, region: props.region });
    this.detector = addAnomalyDetectionResources(this, props);
  }
}
