import { Caller, CreationChecks, LOG_GROUP_KEY_USER } from '../anomaly-detector/creation-checks';
import { InvalidParameterException, ResourceNotFoundException } from '../anomaly-detector/errors';
import { StructureShape } from '../anomaly-detector/model';
import { Scope } from '../anomaly-detector/store';
import { validateRequest } from '../anomaly-detector/validation';
import { KeyAssociations } from './key-associations';

/** CloudWatch Logs operations that give a log group a key, take it away, or show it. */
export const LOG_GROUP_KEY_OPERATIONS = ['CreateLogGroup', 'AssociateKmsKey', 'DisassociateKmsKey', 'DescribeLogGroups', 'DeleteLogGroup'] as const;
export type LogGroupKeyOperation = (typeof LOG_GROUP_KEY_OPERATIONS)[number];

export function isLogGroupKeyOperation(operation: string): operation is LogGroupKeyOperation {
  return (LOG_GROUP_KEY_OPERATIONS as readonly string[]).includes(operation);
}

/** How the gateway serves a request: answered here, or forwarded with what to do with the backend's answer. */
export type LogGroupKeyPlan =
  | { readonly answer: object }
  | {
      /** Called with a 2xx answer's body; returns the body the client gets. */
      readonly afterSuccess?: (body: string) => string;
    };

// The service model's request shapes (botocore `logs/2014-03-28`).
const LogGroupName = { type: 'string', min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' } as const;
const ResourceIdentifier = { type: 'string', min: 1, max: 2048, pattern: '[\\w+=/:,.@\\-\\*]*' } as const;
const ASSOCIATE_KMS_KEY: StructureShape = {
  type: 'structure',
  required: ['kmsKeyId'],
  members: { logGroupName: LogGroupName, kmsKeyId: { type: 'string', max: 256 }, resourceIdentifier: ResourceIdentifier },
};
const DISASSOCIATE_KMS_KEY: StructureShape = { type: 'structure', members: { logGroupName: LogGroupName, resourceIdentifier: ResourceIdentifier } };

/** A log group ARN as `resourceIdentifier` may give it: group 1 is the name. */
const LOG_GROUP_IDENTIFIER = /^arn:[^:]+:logs:[^:]*:\d{12}:log-group:([^:*]+)(:\*)?$/;

interface LogGroupTarget {
  readonly logGroupName?: unknown;
  readonly resourceIdentifier?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A log group's key as CloudWatch Logs handles it: CreateLogGroup with `kmsKeyId` and
 * AssociateKmsKey check the key as AWS does (the checks of detector creation, with the log
 * group's ARN as encryption context) before anything changes; AssociateKmsKey and
 * DisassociateKmsKey are answered here; DescribeLogGroups shows what they changed.
 */
export class LogGroupKeyOperations {
  constructor(
    private readonly checks: CreationChecks,
    private readonly associations: KeyAssociations,
  ) {}

  /** Whether serving this request needs its caller: the backend's answer stands unless a key is given or an association is held. */
  concerns(operation: LogGroupKeyOperation, body: unknown): boolean {
    if (operation === 'CreateLogGroup') return isObject(body) && body.kmsKeyId !== undefined;
    if (operation === 'DescribeLogGroups' || operation === 'DeleteLogGroup') return !this.associations.empty;
    return true;
  }

  async plan(operation: LogGroupKeyOperation, body: unknown, caller: Caller): Promise<LogGroupKeyPlan> {
    const { scope } = caller;
    switch (operation) {
      case 'CreateLogGroup': {
        const { logGroupName, kmsKeyId } = isObject(body) ? body : {};
        // Anything malformed is the backend's to refuse, as for every log group created without a key.
        if (typeof logGroupName !== 'string' || typeof kmsKeyId !== 'string') return {};
        await this.checks.checkKey(caller, kmsKeyId, logGroupArn(scope, logGroupName), LOG_GROUP_KEY_USER);
        return { afterSuccess: (answer) => (this.associations.forget(scope, logGroupName), answer) };
      }
      case 'AssociateKmsKey': {
        const input = validateRequest(body, ASSOCIATE_KMS_KEY);
        const name = await this.existingLogGroup(caller, input);
        await this.checks.checkKey(caller, input.kmsKeyId as string, logGroupArn(scope, name), LOG_GROUP_KEY_USER);
        this.associations.set(scope, name, input.kmsKeyId as string);
        return { answer: {} };
      }
      case 'DisassociateKmsKey': {
        const name = await this.existingLogGroup(caller, validateRequest(body, DISASSOCIATE_KMS_KEY));
        this.associations.set(scope, name, null);
        return { answer: {} };
      }
      case 'DescribeLogGroups':
        return { afterSuccess: (answer) => this.withAssociations(scope, answer) };
      case 'DeleteLogGroup': {
        const { logGroupName } = isObject(body) ? body : {};
        return { afterSuccess: (answer) => (typeof logGroupName === 'string' && this.associations.forget(scope, logGroupName), answer) };
      }
    }
  }

  /** The log group a request names, by name or ARN (exactly one), after checking it exists. */
  private async existingLogGroup(caller: Caller, { logGroupName, resourceIdentifier }: LogGroupTarget): Promise<string> {
    if ((logGroupName === undefined) === (resourceIdentifier === undefined)) {
      throw new InvalidParameterException('You must specify either logGroupName or resourceIdentifier, but not both.');
    }
    const name = (logGroupName as string | undefined) ?? LOG_GROUP_IDENTIFIER.exec(resourceIdentifier as string)?.[1];
    if (name === undefined) {
      // query-result resources (the account's Logs Insights results) are not emulated.
      throw new InvalidParameterException(`Invalid value for 'resourceIdentifier': '${String(resourceIdentifier)}' is not a log group ARN.`);
    }
    if ((await this.checks.logGroupExists(caller, name)) === false) {
      throw new ResourceNotFoundException('The specified log group does not exist.');
    }
    return name;
  }

  /** DescribeLogGroups' answer with the keys associations changed. */
  private withAssociations(scope: Scope, answer: string): string {
    const parsed = JSON.parse(answer) as { logGroups?: Array<{ logGroupName?: string; kmsKeyId?: string }> };
    for (const group of parsed.logGroups ?? []) {
      const held = group.logGroupName === undefined ? undefined : this.associations.get(scope, group.logGroupName);
      if (held === null) delete group.kmsKeyId;
      else if (held !== undefined) group.kmsKeyId = held;
    }
    return JSON.stringify(parsed);
  }
}

/** The ARN CloudWatch Logs puts in a log group's encryption context. */
function logGroupArn({ partition, region, account }: Scope, name: string): string {
  return `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
}
