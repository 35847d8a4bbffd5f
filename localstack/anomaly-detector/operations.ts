import type {
  CreateLogAnomalyDetectorRequest,
  CreateLogAnomalyDetectorResponse,
  DeleteLogAnomalyDetectorRequest,
  GetLogAnomalyDetectorRequest,
  GetLogAnomalyDetectorResponse,
  ListAnomaliesRequest,
  ListAnomaliesResponse,
  ListLogAnomalyDetectorsRequest,
  ListLogAnomalyDetectorsResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateAnomalyRequest,
  UpdateLogAnomalyDetectorRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import { Caller, CreationChecks } from './creation-checks';
import { InvalidParameterException, ResourceNotFoundException } from './errors';
import { AnsweredOperation, REQUEST_SHAPES } from './model';
import { Detector, DetectorStore } from './store';
import { validateRequest } from './validation';

/** Answers one operation; thrown errors become the operation's error response. */
type Handler = (input: never, caller: Caller) => object | Promise<object>;

const DEFAULT_LIST_LIMIT = 50;
const DETECTOR_ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:anomaly-detector:/;
/** A whole detector ARN: anything else cannot name a detector, whichever account or region asks. */
const WHOLE_DETECTOR_ARN = /^arn:[^:]+:logs:[^:]+:\d{12}:anomaly-detector:[^:]+$/;
const TAGGING_OPERATIONS: ReadonlySet<string> = new Set(['TagResource', 'UntagResource', 'ListTagsForResource']);

export function isAnsweredOperation(operation: string): operation is AnsweredOperation {
  return Object.hasOwn(REQUEST_SHAPES, operation);
}

/**
 * CloudWatch Logs' anomaly-detector operations, answered from a store: each request is checked
 * against its model shape, then handled as AWS would. Tagging operations are answered only for
 * detector ARNs; tags of other resources belong to the backend.
 */
export class AnomalyDetectorOperations {
  private readonly handlers: { readonly [Op in AnsweredOperation]: Handler };

  constructor(
    private readonly store: DetectorStore,
    private readonly checks: CreationChecks,
  ) {
    this.handlers = {
      CreateLogAnomalyDetector: (input: CreateLogAnomalyDetectorRequest, caller) => this.create(input, caller),
      GetLogAnomalyDetector: (input: GetLogAnomalyDetectorRequest, { scope }): GetLogAnomalyDetectorResponse => {
        // GetLogAnomalyDetector's response has no ARN member: the caller named it.
        const { anomalyDetectorArn: _arn, ...detector } = this.store.get(scope, detectorArn(input.anomalyDetectorArn!));
        return detector;
      },
      ListLogAnomalyDetectors: (input: ListLogAnomalyDetectorsRequest, caller) => this.list(input, caller),
      // No key member, as in AWS: a detector keeps the key it was created with.
      UpdateLogAnomalyDetector: (input: UpdateLogAnomalyDetectorRequest, { scope }) => {
        const { anomalyDetectorArn, enabled, evaluationFrequency, filterPattern, anomalyVisibilityTime } = input;
        this.store.update(scope, detectorArn(anomalyDetectorArn!), { enabled: enabled!, evaluationFrequency, filterPattern, anomalyVisibilityTime });
        return {};
      },
      DeleteLogAnomalyDetector: (input: DeleteLogAnomalyDetectorRequest, { scope }) => {
        this.store.delete(scope, detectorArn(input.anomalyDetectorArn!));
        return {};
      },
      // The gateway finds no anomalies, so it never issues a token: any nextToken is not one of its own.
      ListAnomalies: (input: ListAnomaliesRequest, { scope }): ListAnomaliesResponse => {
        if (input.anomalyDetectorArn !== undefined) this.store.get(scope, detectorArn(input.anomalyDetectorArn));
        if (input.nextToken !== undefined) throw invalidToken(input.nextToken);
        return { anomalies: [] };
      },
      UpdateAnomaly: (input: UpdateAnomalyRequest, { scope }) => {
        this.store.get(scope, detectorArn(input.anomalyDetectorArn!));
        if (input.anomalyId === undefined && input.patternId === undefined) {
          throw new InvalidParameterException('Either anomalyId or patternId must be specified.');
        }
        throw new ResourceNotFoundException(`The specified anomaly does not exist: ${input.anomalyId ?? `pattern ${input.patternId}`}`);
      },
      TagResource: (input: TagResourceRequest, { scope }) => {
        this.store.tag(scope, input.resourceArn!, input.tags!);
        return {};
      },
      UntagResource: (input: UntagResourceRequest, { scope }) => {
        this.store.untag(scope, input.resourceArn!, input.tagKeys!);
        return {};
      },
      ListTagsForResource: (input: ListTagsForResourceRequest, { scope }): ListTagsForResourceResponse => ({
        tags: this.store.tagsOf(scope, input.resourceArn!),
      }),
    };
  }

  /**
   * Whether this request is answered here; false sends it to the backend. A tagging request the
   * model refuses is answered here too: it is invalid whichever resource it names, and backends
   * may answer a request without a resourceArn with a fault.
   */
  answers(operation: AnsweredOperation, body: unknown): boolean {
    if (!TAGGING_OPERATIONS.has(operation)) return true;
    const resourceArn = (body as { resourceArn?: unknown } | null)?.resourceArn;
    if (typeof resourceArn === 'string' && DETECTOR_ARN.test(resourceArn)) return true;
    try {
      validateRequest(body, REQUEST_SHAPES[operation]);
      return false;
    } catch {
      return true;
    }
  }

  /** Validates `body` against the operation's shape and answers it. */
  async call(operation: AnsweredOperation, body: unknown, caller: Caller): Promise<object> {
    const input = validateRequest(body, REQUEST_SHAPES[operation]);
    return await this.handlers[operation](input as never, caller);
  }

  private async create(input: CreateLogAnomalyDetectorRequest, caller: Caller): Promise<CreateLogAnomalyDetectorResponse> {
    const logGroupArnList = input.logGroupArnList!;
    const arn = this.store.newArn(caller.scope);
    await this.checks.checkLogGroups(caller, logGroupArnList);
    if (input.kmsKeyId !== undefined) await this.checks.checkKey(caller, input.kmsKeyId, arn);
    this.store.create(caller.scope, arn, { ...input, logGroupArnList });
    return { anomalyDetectorArn: arn };
  }

  private list(input: ListLogAnomalyDetectorsRequest, { scope }: Caller): ListLogAnomalyDetectorsResponse {
    const limit = input.limit ?? DEFAULT_LIST_LIMIT;
    const matching = this.store.list(scope, { logGroupArn: input.filterLogGroupArn, after: pageStart(input.nextToken) });
    const page: Detector[] = matching.slice(0, limit);
    if (matching.length <= limit) return { anomalyDetectors: page };
    return { anomalyDetectors: page, nextToken: pageToken(this.store.positionOf(scope, page[page.length - 1].anomalyDetectorArn)) };
  }
}

/** Tokens are opaque to callers; inside, the creation position of the last detector returned. */
function pageToken(position: number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

function pageStart(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { after } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'number' && Number.isInteger(after) && after >= 0) return after;
  } catch {
    // reported below, as for any token this gateway did not issue
  }
  throw invalidToken(token);
}

function invalidToken(token: string): InvalidParameterException {
  return new InvalidParameterException(`The specified nextToken is not valid: ${token}`);
}

/** `arn` when it has the shape of a detector ARN; the store then answers whether it exists. */
function detectorArn(arn: string): string {
  if (!WHOLE_DETECTOR_ARN.test(arn)) {
    throw new InvalidParameterException(
      `Invalid value for 'anomalyDetectorArn': '${arn}' is not an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID).`,
    );
  }
  return arn;
}
