// The CDK Terrain toolchain: cdktn and @cdktn/provider-aws (25.x binds hashicorp/aws 6.x).
// The same names as ./cdktf, for the `kms-anomaly-detector/cdktn` entry.
import './cdktn-installed';
import { boundAwsVersion } from './installed';

export {
  Annotations,
  // App, LocalBackend and TerraformOutput: for the harness (kms-anomaly-detector[/cdktn]/testing).
  App,
  anyToHclTerraform,
  anyToTerraform,
  hashMapper,
  hashMapperHcl,
  Lazy,
  LocalBackend,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Token,
} from 'cdktn';
export { AwsProvider } from '@cdktn/provider-aws/lib/provider';
export type { AwsProviderConfig } from '@cdktn/provider-aws/lib/provider';
export { CloudwatchLogAnomalyDetector } from '@cdktn/provider-aws/lib/cloudwatch-log-anomaly-detector';
export { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
export { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
export { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
export { DataAwsRegion } from '@cdktn/provider-aws/lib/data-aws-region';
export { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
export { KmsKey } from '@cdktn/provider-aws/lib/kms-key';

/** The hashicorp/aws version the installed binding pins. */
export const AWS_PROVIDER_BINDING_VERSION = boundAwsVersion('@cdktn/provider-aws', 'cdktn');
