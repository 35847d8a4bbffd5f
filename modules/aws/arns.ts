/** ARNs as this library reads them: one parser for the constructs, the CLIs and the local AWS. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;
/** The resource part of a KMS key ARN: `key/` and a key id (multi-Region keys start with `mrk-`). */
export const KEY_RESOURCE = /^key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
// Log group names: 1-512 of letters, digits, '_', '-', '/', '.', '#'; a trailing ':*' is accepted as DescribeLogGroups returns it.
export const LOG_GROUP_RESOURCE = /^log-group:[\w.\-/#]{1,512}(:\*)?$/;

/** The resource part of an anomaly detector's ARN (the API's DetectorArn pattern leaves the id free; AWS makes a UUID). */
export const ANOMALY_DETECTOR_RESOURCE = /^anomaly-detector:[\w-]+$/;

export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN.exec(arn);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** The parts of a KMS key ARN (not an alias ARN), or undefined for anything else. */
export function parseKeyArn(arn: string): ParsedArn | undefined {
  const parsed = parseArn(arn);
  return parsed && parsed.service === 'kms' && parsed.region !== '' && parsed.account !== '' && KEY_RESOURCE.test(parsed.resource) ? parsed : undefined;
}
