import { Token } from '../toolchain';
import { KEY_RESOURCE, LOG_GROUP_RESOURCE, ParsedArn, parseArn } from '../aws/arns';
import { described } from './prop-checks';

/** Throws unless `value` (when literal) is the ARN of a KMS key (not an alias, not a key id). */
export function assertKeyArn(prop: string, value: unknown): ParsedArn | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value !== 'string') throw new Error(`'${prop}' must be a KMS key ARN string, got ${described(value)}`);
  const arn = parseArn(value);
  if (!arn || arn.service !== 'kms' || arn.region === '' || arn.account === '' || !KEY_RESOURCE.test(arn.resource)) {
    throw new Error(
      `'${prop}' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID); ` +
        `CloudWatch Logs stores anomaly-detector keys by ARN, not alias or id, got '${value}'`,
    );
  }
  return arn;
}

/** Throws unless `value` (when literal) is the ARN of a CloudWatch Logs log group. */
export function assertLogGroupArn(prop: string, value: unknown): ParsedArn | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value !== 'string') throw new Error(`'${prop}' must be a log group ARN string, got ${described(value)}`);
  const arn = parseArn(value);
  if (!arn || arn.service !== 'logs' || arn.region === '' || arn.account === '' || !LOG_GROUP_RESOURCE.test(arn.resource)) {
    throw new Error(`'${prop}' must be a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME), got '${value}'`);
  }
  return arn;
}

/** Why a key or log group must be in the detector's region, said in every message about it. */
export const DETECTOR_REGION_RULE = "CloudWatch Logs uses only keys and log groups in the detector's region";

/**
 * Throws when a literal ARN lies in another region than the detector's: `detectorRegion` is the
 * literal region of the detector's provider, named by `providerName`.
 */
export function assertInRegion(prop: string, arn: ParsedArn | undefined, value: string, detectorRegion: string | undefined, providerName: string): void {
  if (arn && detectorRegion !== undefined && arn.region !== detectorRegion) {
    throw new Error(
      `'${prop}' must be in the detector's region ${detectorRegion} (of ${providerName}), got region ${arn.region} in '${value}': ` + DETECTOR_REGION_RULE,
    );
  }
}
