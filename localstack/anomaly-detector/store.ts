import { randomUUID } from 'node:crypto';
import type { EvaluationFrequency } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsScope } from '../../modules/aws/scope';
import { ResourceNotFoundException, TooManyTagsException } from './errors';

/** Where a request lands: detectors of one account and region are invisible from any other. */
export type Scope = Required<Pick<AwsScope, 'partition' | 'region' | 'account'>>;

/**
 * A detector as CloudWatch Logs holds it; optional members are absent unless the caller set
 * them. The store hands out copies, so changing one changes nothing stored.
 */
export interface Detector {
  readonly anomalyDetectorArn: string;
  readonly detectorName?: string;
  readonly logGroupArnList: string[];
  readonly evaluationFrequency?: EvaluationFrequency;
  readonly filterPattern?: string;
  readonly anomalyDetectorStatus: 'TRAINING' | 'PAUSED';
  /** Exactly as sent at creation; no operation changes it afterwards. */
  readonly kmsKeyId?: string;
  readonly creationTimeStamp: number;
  readonly lastModifiedTimeStamp: number;
  readonly anomalyVisibilityTime: number;
}

export interface NewDetector {
  readonly detectorName?: string;
  readonly logGroupArnList: readonly string[];
  readonly evaluationFrequency?: EvaluationFrequency;
  readonly filterPattern?: string;
  readonly kmsKeyId?: string;
  readonly anomalyVisibilityTime?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What UpdateLogAnomalyDetector may change: no key, no log groups, no name. */
export interface DetectorChange {
  readonly enabled: boolean;
  readonly evaluationFrequency?: EvaluationFrequency;
  readonly filterPattern?: string;
  readonly anomalyVisibilityTime?: number;
}

/** Days an anomaly stays visible when the caller does not say. */
export const DEFAULT_ANOMALY_VISIBILITY_DAYS = 21;
const MAX_TAGS_PER_RESOURCE = 50;

interface Entry {
  /** Creation order, for stable pagination that survives deletes. */
  readonly sequence: number;
  detector: Detector;
  tags: Record<string, string>;
}

/** Anomaly-detector state per account and region, as AWS would hold it. */
export class DetectorStore {
  private readonly scopes = new Map<string, Map<string, Entry>>();
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The ARN a new detector in `scope` gets; known before creation because the key check needs it. */
  newArn(scope: Scope): string {
    return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:anomaly-detector:${randomUUID()}`;
  }

  create(scope: Scope, arn: string, request: NewDetector): Detector {
    const now = this.now();
    const detector: Detector = withoutUndefined({
      anomalyDetectorArn: arn,
      detectorName: request.detectorName,
      logGroupArnList: [...request.logGroupArnList],
      evaluationFrequency: request.evaluationFrequency,
      filterPattern: request.filterPattern,
      anomalyDetectorStatus: 'TRAINING',
      kmsKeyId: request.kmsKeyId,
      creationTimeStamp: now,
      lastModifiedTimeStamp: now,
      anomalyVisibilityTime: request.anomalyVisibilityTime ?? DEFAULT_ANOMALY_VISIBILITY_DAYS,
    });
    this.entries(scope).set(arn, { sequence: ++this.sequence, detector, tags: { ...request.tags } });
    return copy(detector);
  }

  get(scope: Scope, arn: string): Detector {
    return copy(this.entry(scope, arn).detector);
  }

  /**
   * Detectors in creation order, only those watching `logGroupArn` when given, starting after
   * the position `after` (a value of `positionOf`).
   */
  list(scope: Scope, options: { readonly logGroupArn?: string; readonly after?: number } = {}): Detector[] {
    const { logGroupArn, after = 0 } = options;
    return [...this.entries(scope).values()]
      .filter((e) => e.sequence > after)
      .filter((e) => logGroupArn === undefined || e.detector.logGroupArnList.includes(logGroupArn))
      .map((e) => copy(e.detector));
  }

  /** Where a detector stands in creation order: what a page token remembers. */
  positionOf(scope: Scope, arn: string): number {
    return this.entry(scope, arn).sequence;
  }

  update(scope: Scope, arn: string, change: DetectorChange): Detector {
    const entry = this.entry(scope, arn);
    entry.detector = withoutUndefined({
      ...entry.detector,
      evaluationFrequency: change.evaluationFrequency ?? entry.detector.evaluationFrequency,
      filterPattern: change.filterPattern ?? entry.detector.filterPattern,
      anomalyVisibilityTime: change.anomalyVisibilityTime ?? entry.detector.anomalyVisibilityTime,
      anomalyDetectorStatus: change.enabled ? 'TRAINING' : 'PAUSED',
      lastModifiedTimeStamp: this.now(),
    });
    return copy(entry.detector);
  }

  delete(scope: Scope, arn: string): void {
    this.entry(scope, arn);
    this.entries(scope).delete(arn);
  }

  tagsOf(scope: Scope, arn: string): Record<string, string> {
    return { ...this.entry(scope, arn).tags };
  }

  tag(scope: Scope, arn: string, tags: Readonly<Record<string, string>>): void {
    const entry = this.entry(scope, arn);
    const merged = { ...entry.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS_PER_RESOURCE) {
      throw new TooManyTagsException(`A resource can have no more than ${MAX_TAGS_PER_RESOURCE} tags.`, arn);
    }
    entry.tags = merged;
  }

  untag(scope: Scope, arn: string, keys: readonly string[]): void {
    const entry = this.entry(scope, arn);
    entry.tags = Object.fromEntries(Object.entries(entry.tags).filter(([key]) => !keys.includes(key)));
  }

  private entry(scope: Scope, arn: string): Entry {
    const entry = this.entries(scope).get(arn);
    if (!entry) throw new ResourceNotFoundException(`The specified anomaly detector does not exist: ${arn}`);
    return entry;
  }

  private entries(scope: Scope): Map<string, Entry> {
    const key = `${scope.partition}:${scope.region}:${scope.account}`;
    let entries = this.scopes.get(key);
    if (!entries) {
      entries = new Map();
      this.scopes.set(key, entries);
    }
    return entries;
  }
}

function copy(detector: Detector): Detector {
  return { ...detector, logGroupArnList: [...detector.logGroupArnList] };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
