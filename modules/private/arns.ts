import { Token } from 'cdktf';
import { described } from './prop-checks';

/** The parts of an ARN this library checks. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;
export const KEY_RESOURCE = /^key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
// Log group names: 1-512 of letters, digits, '_', '-', '/', '.', '#'; a trailing ':*' is accepted as DescribeLogGroups returns it.
export const LOG_GROUP_RESOURCE = /^log-group:[\w.\-/#]{1,512}(:\*)?$/;

export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN.exec(arn);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

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

/**
 * Throws when a literal ARN lies in another region than the stack's literal provider region:
 * CloudWatch Logs uses only keys and log groups in the detector's region.
 */
export function assertInRegion(prop: string, arn: ParsedArn | undefined, value: string, stackRegion: string | undefined): void {
  if (arn && stackRegion !== undefined && arn.region !== stackRegion) {
    throw new Error(
      `'${prop}' must be in the stack's region ${stackRegion}, got region ${arn.region} in '${value}': ` +
        `CloudWatch Logs uses only keys and log groups in the detector's region`,
    );
  }
}
