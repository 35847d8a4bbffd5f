// The CDKTF toolchain: cdktf and @cdktf/provider-aws (20.x binds hashicorp/aws 5.100.0, 21.x
// binds 6.x). The constructs take every class of the runtime and the provider from here.
import './cdktf-installed';
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
} from 'cdktf';
export { AwsProvider } from '@cdktf/provider-aws/lib/provider';
export type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
export { CloudwatchLogAnomalyDetector } from '@cdktf/provider-aws/lib/cloudwatch-log-anomaly-detector';
export { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
export { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
export { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
export { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
export { KmsKey } from '@cdktf/provider-aws/lib/kms-key';

/** The hashicorp/aws version the installed binding pins. */
export const AWS_PROVIDER_BINDING_VERSION = boundAwsVersion('@cdktf/provider-aws', 'cdktf');
