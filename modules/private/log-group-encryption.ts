import { Token } from '../toolchain';
import { AnomalyDetectorKey, IAnomalyDetectorKey } from '../anomaly-detector-key';
import { LOG_GROUP_NAME } from '../aws/log-group-encryption';
import { described } from './prop-checks';

/** What this library reads and sets on a log group of the stack; by shape, so any binding of hashicorp/aws serves. */
interface LogGroupResource {
  readonly terraformResourceType: string;
  readonly nameInput?: string;
  readonly namePrefixInput?: string;
  readonly kmsKeyIdInput?: string;
  kmsKeyId: string;
}

const LOG_GROUP_TYPE = 'aws_cloudwatch_log_group';

function isLogGroupResource(value: unknown): value is LogGroupResource {
  return value !== null && typeof value === 'object' && (value as Partial<LogGroupResource>).terraformResourceType === LOG_GROUP_TYPE;
}

/** A log group the detector's key will encrypt, and the literal name its key policy names it by. */
export interface LogGroupToEncrypt {
  readonly group: LogGroupResource;
  readonly name: string;
}

/**
 * Checks that `encryptLogGroups` can give the detector's key to every log group it watches:
 * a customer-managed key, and log groups made in the stack (constructs, not ARNs) with a
 * literal name (the key policy names them; a reference to the group would make a cycle, as the
 * group refers to the key) and no other key. `key` is the detector's prop: undefined is the key
 * the detector makes.
 */
export function logGroupsToEncrypt(logGroups: readonly unknown[], key: IAnomalyDetectorKey | string | undefined, awsOwned: string): LogGroupToEncrypt[] {
  if (key === awsOwned) {
    throw new Error(`'encryptLogGroups' needs a customer-managed 'key' to give the log groups, got '${awsOwned}'`);
  }
  return logGroups.map((group, i) => {
    const prop = `logGroups[${i}]`;
    if (!isLogGroupResource(group)) {
      throw new Error(
        `'encryptLogGroups' gives the key to log groups made in this stack; '${prop}' is ${described(group)}: ` +
          `set the key where that log group is made, or leave it out of this detector`,
      );
    }
    const name = group.nameInput;
    if (name === undefined || Token.isUnresolved(name) || !LOG_GROUP_NAME.test(name)) {
      throw new Error(
        `'encryptLogGroups' needs '${prop}' to have a literal 'name', which the key policy names, got ${name === undefined ? `none (namePrefix ${group.namePrefixInput ?? 'unset'})` : `'${name}'`}`,
      );
    }
    const current = group.kmsKeyIdInput;
    const keyArn = typeof key === 'string' ? key : key?.keyArn;
    if (current !== undefined && current !== keyArn) {
      throw new Error(`'encryptLogGroups' would give '${prop}' (${name}) the detector's key, but it already has kmsKeyId '${current}'`);
    }
    return { group, name };
  });
}

/** Gives each log group the key, and lets CloudWatch Logs use the key for them when the key's policy is made here. */
export function encryptLogGroups(groups: readonly LogGroupToEncrypt[], key: IAnomalyDetectorKey): void {
  if (key instanceof AnomalyDetectorKey) key.addLogGroupNames(groups.map(({ name }) => name));
  for (const { group } of groups) group.kmsKeyId = key.keyArn;
}
