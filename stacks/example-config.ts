import { REGION_NAME } from '../modules/aws/partitions';
import { AnomalyDetectionStackProps } from './anomaly-detection-stack';

export const EXAMPLE_STACK_NAME = 'anomaly-detection';

/**
 * The example's settings from environment variables:
 * - `AWS_REGION` (default `us-east-1`)
 * - `SECOND_REGION` (default: none): another region, with its own key and detector
 * - `NAME_PREFIX` (default `kms-anomaly-demo`): lower-case letters, digits and '-'
 * - `ANOMALY_DETECTOR_KEY` (default `new`): `new`, `aws-owned` or a KMS key ARN
 * - `AWS_ACCOUNT_ID` (default: looked up with `data.aws_caller_identity` at plan time)
 * - `KEY_PREVENT_DESTROY` (default `true`): `false` lets `cdktf destroy` delete the new key, and
 *   a switch of `ANOMALY_DETECTOR_KEY` away from `new` schedule its deletion (else it is kept)
 */
export function exampleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<AnomalyDetectionStackProps, 'provider'> {
  const namePrefix = env.NAME_PREFIX || 'kms-anomaly-demo';
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(namePrefix)) {
    throw new Error(`NAME_PREFIX must be 1-40 lower-case letters, digits and '-', starting with a letter or digit, got '${namePrefix}'`);
  }
  const preventDestroy = env.KEY_PREVENT_DESTROY || 'true';
  if (preventDestroy !== 'true' && preventDestroy !== 'false') {
    throw new Error(`KEY_PREVENT_DESTROY must be 'true' or 'false', got '${preventDestroy}'`);
  }
  const region = env.AWS_REGION || 'us-east-1';
  const secondRegion = env.SECOND_REGION || undefined;
  if (secondRegion !== undefined && !REGION_NAME.test(secondRegion)) {
    throw new Error(`SECOND_REGION must be an AWS region name like 'eu-west-1', got '${secondRegion}'`);
  }
  if (secondRegion === region) throw new Error(`SECOND_REGION must differ from AWS_REGION, got '${secondRegion}' for both`);
  return {
    region,
    ...(secondRegion !== undefined && { secondRegion }),
    namePrefix,
    key: env.ANOMALY_DETECTOR_KEY || 'new',
    account: env.AWS_ACCOUNT_ID || undefined,
    preventDestroy: preventDestroy === 'true',
  };
}
