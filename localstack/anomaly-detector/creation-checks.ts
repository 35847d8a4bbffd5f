import type { BackendIdentity } from '../backend-sts';
import { AccessDeniedException, InvalidParameterException, LogsServiceError, ResourceNotFoundException } from './errors';
import { judgeServiceCall, PolicyNotJudged } from './key-policy-rules';
import { Scope } from './store';

/** The caller of an operation: where it lands, and who its backend reads in its own account are sent as. */
export interface Caller extends BackendIdentity {
  readonly scope: Scope;
}

/** What DescribeKey tells about a key (the fields the checks read). */
export interface KeyDescription {
  readonly Arn?: string;
  readonly KeyId?: string;
  readonly KeyState?: string;
  readonly KeySpec?: string;
  readonly KeyUsage?: string;
}

/**
 * Reads of the backend's KMS and CloudWatch Logs state for a caller. Keys are read in the
 * account that holds them, `keyAccount`: with the caller's credentials when that is the
 * caller's account, else with credentials of that account.
 */
export interface BackendReader {
  /** undefined when the key does not exist in `keyAccount`. */
  describeKey(caller: Caller, keyArn: string, keyAccount: string): Promise<KeyDescription | undefined>;
  keyPolicy(caller: Caller, keyId: string, keyAccount: string): Promise<string>;
  /** The ARN of the log group with exactly this name in the caller's account and region, if any. */
  logGroupArn(caller: Caller, logGroupName: string): Promise<string | undefined>;
}

/*
 * The emulator states CloudWatch Logs' side of the check itself (the encryption-context key it
 * sends, the calls it makes, its principal), from the CloudWatch Logs guide, rather than
 * importing the product's statement of them: so the product is never checked against its own
 * assumptions. A unit test holds the two statements equal.
 */
/** The encryption-context key CloudWatch Logs sends to KMS for an anomaly detector's data. */
export const LOGS_ARN_CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';
/** What CloudWatch Logs must be allowed to do with the key to write and read a detector's data. */
export const REQUIRED_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

const KEY_ARN = /^arn:([^:]+):kms:([^:]+):(\d{12}):key\/(.+)$/;
const LOG_GROUP_ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/;
/** The service model's LogGroupName: a name outside it names no log group, and backends refuse it as a prefix. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** The model's log group ARNs cannot hold a `*`; DescribeLogGroups' `arn` ends in `:*`. Both name one group. */
function logGroupKey(logGroupArn: string): string {
  return logGroupArn.endsWith(':*') ? logGroupArn.slice(0, -2) : logGroupArn;
}

/** `logs.REGION.amazonaws.com`, or `.amazonaws.com.cn` in the China partition. */
export function logsServicePrincipal(scope: Scope): string {
  return `logs.${scope.region}.${scope.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/**
 * A key CloudWatch Logs cannot use. The code is InvalidParameterException, described in the
 * model as "A parameter is specified incorrectly" and documented for this case in the
 * AssociateKmsKey and CreateLogGroup references: "If you attempt to associate a KMS key with
 * the log group but the KMS key does not exist or the KMS key is disabled, you receive an
 * InvalidParameterException error." The opening sentence is the one CloudWatch Logs answers
 * with when it may not use a key; what follows it says which check failed.
 */
function unusableKey(kmsKeyId: string, resourceArn: string, why: string, code: KeyRefusal = InvalidParameterException): LogsServiceError {
  return new code(`The specified KMS key does not exist or is not allowed to be used with Arn '${resourceArn}': key ${kmsKeyId} ${why}`);
}

/** The error class a refused key is answered with. */
type KeyRefusal = new (message: string) => LogsServiceError;

/** What takes a key: how messages name it, and the code a policy that keeps CloudWatch Logs out is answered with. */
export interface KeyUser {
  readonly noun: string;
  readonly policyRefusal: KeyRefusal;
}

/** A detector: every refusal is InvalidParameterException, the only code its model lists for it. */
export const DETECTOR_KEY_USER: KeyUser = { noun: 'detector', policyRefusal: InvalidParameterException };
/**
 * A log group (CreateLogGroup, AssociateKmsKey): a key missing or disabled is
 * InvalidParameterException, as both references document; a key policy that keeps CloudWatch
 * Logs out has been seen answered with the same sentence under AccessDeniedException.
 */
export const LOG_GROUP_KEY_USER: KeyUser = { noun: 'log group', policyRefusal: AccessDeniedException };

/** Words for a KeyState: `PendingDeletion` reads "pending deletion". */
function keyStateWords(state: string): string {
  return state.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What CloudWatch Logs checks before it creates a detector, read from the backend. */
export class CreationChecks {
  constructor(private readonly backend: BackendReader) {}

  /** Every log group exists in the caller's account and region. */
  async checkLogGroups(caller: Caller, logGroupArns: readonly string[]): Promise<void> {
    if (logGroupArns.length === 0) throw new InvalidParameterException('logGroupArnList must contain the ARN of a log group.');
    for (const [i, logGroupArn] of logGroupArns.entries()) {
      const name = LOG_GROUP_ARN.exec(logGroupArn)?.[1];
      const member = `logGroupArnList.${i + 1}.member`;
      if (name === undefined) {
        throw new InvalidParameterException(
          `Invalid value at '${member}': '${logGroupArn}' is not a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME).`,
        );
      }
      if (!LOG_GROUP_NAME.test(name)) {
        throw new InvalidParameterException(
          `Invalid value at '${member}': '${logGroupArn}' names no log group: a log group name is 1 to 512 of letters, digits and . - _ / #.`,
        );
      }
      const found = await this.backend.logGroupArn(caller, name);
      if (found === undefined || logGroupKey(found) !== logGroupKey(logGroupArn)) {
        throw new ResourceNotFoundException(`The specified log group does not exist: ${logGroupArn}`);
      }
    }
  }

  /** Whether a log group of exactly this name exists in the caller's account and region. */
  async logGroupExists(caller: Caller, logGroupName: string): Promise<boolean> {
    return (await this.backend.logGroupArn(caller, logGroupName)) !== undefined;
  }

  /**
   * The key lies in the partition and region of the detector (or log group, as `user` says)
   * and exists in the account its ARN names, is enabled, is a symmetric encryption key, and its
   * key policy lets CloudWatch Logs generate data keys and decrypt under the encryption context
   * of `resourceArn`. A key of another account passes the same checks, read in that account:
   * its policy must then allow this resource's ARN and account.
   */
  async checkKey(caller: Caller, kmsKeyId: string, resourceArn: string, user: KeyUser = DETECTOR_KEY_USER): Promise<void> {
    const { scope } = caller;
    const unusable = (why: string) => unusableKey(kmsKeyId, resourceArn, why);
    const [, partition, region, account] = KEY_ARN.exec(kmsKeyId) ?? [];
    if (partition === undefined) throw unusable('is not a key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID)');
    if (partition !== scope.partition) throw unusable(`is in partition ${partition}, not in the ${user.noun}'s partition ${scope.partition}`);
    if (region !== scope.region) throw unusable(`is in region ${region}, not in the ${user.noun}'s region ${scope.region}`);

    const key = await this.backend.describeKey(caller, kmsKeyId, account);
    if (!key) throw unusable('does not exist');
    if (key.KeyState !== 'Enabled') throw unusable(`is ${keyStateWords(key.KeyState ?? 'Unknown')} (KeyState ${key.KeyState}); it must be Enabled`);
    // moto leaves KeyUsage out for default keys; AWS's default is ENCRYPT_DECRYPT.
    const usage = key.KeyUsage ?? 'ENCRYPT_DECRYPT';
    if (key.KeySpec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') {
      throw unusable(
        `is not a symmetric encryption key (KeySpec ${key.KeySpec}, KeyUsage ${usage}); CloudWatch Logs supports only symmetric keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`,
      );
    }
    await this.checkKeyPolicy(caller, key, kmsKeyId, account, resourceArn, user.policyRefusal);
  }

  private async checkKeyPolicy(
    caller: Caller,
    key: KeyDescription,
    kmsKeyId: string,
    keyAccount: string,
    resourceArn: string,
    refusal: KeyRefusal,
  ): Promise<void> {
    const policy = await this.backend.keyPolicy(caller, key.KeyId ?? kmsKeyId, keyAccount);
    const service = logsServicePrincipal(caller.scope);
    for (const action of REQUIRED_KEY_ACTIONS) {
      let answer;
      try {
        answer = judgeServiceCall(policy, {
          servicePrincipal: service,
          action,
          keyArn: key.Arn ?? kmsKeyId,
          // The guide's current policy also conditions on the global keys AWS sets when a
          // service acts for a resource; policies that check only the context still pass.
          conditionKeys: { [LOGS_ARN_CONTEXT_KEY]: resourceArn, 'aws:SourceArn': resourceArn, 'aws:SourceAccount': caller.scope.account },
        });
      } catch (e) {
        if (!(e instanceof PolicyNotJudged)) throw e;
        throw unusableKey(kmsKeyId, resourceArn, `has a key policy this local emulator cannot evaluate (${e.message}); AWS may accept it`);
      }
      if (!answer.admitted) {
        const why = answer.deniedBy.length > 0 ? `statement ${answer.deniedBy.join(', ')} denies it` : 'no statement allows it';
        throw unusableKey(
          kmsKeyId,
          resourceArn,
          `has a key policy that does not let ${service} call ${action} with ${LOGS_ARN_CONTEXT_KEY} = ${resourceArn}: ${why}`,
          refusal,
        );
      }
    }
  }
}
