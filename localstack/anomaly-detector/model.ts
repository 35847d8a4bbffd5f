/**
 * The request shapes of the operations the gateway answers, copied from the CloudWatch Logs
 * service model (botocore 1.43 `logs/2014-03-28/service-2.json`; the AWS SDK v3
 * client is generated from the same model). Only what validation needs: types, required
 * members, lengths, ranges, patterns (Java regular expressions that must match the whole value)
 * and enums. An integration test compares this slice with botocore's copy.
 */
export type Shape =
  | { readonly type: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: string; readonly enum?: readonly string[] }
  | { readonly type: 'integer' | 'long'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'list'; readonly member: Shape; readonly min?: number; readonly max?: number }
  | { readonly type: 'map'; readonly key: Shape; readonly value: Shape; readonly min?: number; readonly max?: number }
  | StructureShape;

export interface StructureShape {
  readonly type: 'structure';
  readonly required?: readonly string[];
  readonly members: Readonly<Record<string, Shape>>;
}

export const EVALUATION_FREQUENCIES = ['ONE_MIN', 'FIVE_MIN', 'TEN_MIN', 'FIFTEEN_MIN', 'THIRTY_MIN', 'ONE_HOUR'] as const;

const LogGroupArn: Shape = { type: 'string', min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' };
const AnomalyDetectorArn: Shape = { type: 'string', min: 1, pattern: '[\\w#+=/:,.@-]*' };
const AmazonResourceName: Shape = { type: 'string', min: 1, max: 1011, pattern: '[\\w+=/:,.@-]*' };
const EvaluationFrequency: Shape = { type: 'string', enum: EVALUATION_FREQUENCIES };
const FilterPattern: Shape = { type: 'string', min: 0, max: 1024 };
const AnomalyVisibilityTime: Shape = { type: 'long', min: 7, max: 90 };
const NextToken: Shape = { type: 'string', min: 1 };
const TagKey: Shape = { type: 'string', min: 1, max: 128, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$' };
const TagValue: Shape = { type: 'string', max: 256, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' };
const Tags: Shape = { type: 'map', key: TagKey, value: TagValue, min: 1, max: 50 };

export const REQUEST_SHAPES = {
  CreateLogAnomalyDetector: {
    type: 'structure',
    required: ['logGroupArnList'],
    members: {
      logGroupArnList: { type: 'list', member: LogGroupArn },
      detectorName: { type: 'string', min: 1 },
      evaluationFrequency: EvaluationFrequency,
      filterPattern: FilterPattern,
      kmsKeyId: { type: 'string', max: 256, pattern: '^arn:aws[a-z\\-]*:kms:[-a-z0-9]*:[0-9]*:key/[-a-z0-9]*$' },
      anomalyVisibilityTime: AnomalyVisibilityTime,
      tags: Tags,
    },
  },
  GetLogAnomalyDetector: {
    type: 'structure',
    required: ['anomalyDetectorArn'],
    members: { anomalyDetectorArn: AnomalyDetectorArn },
  },
  ListLogAnomalyDetectors: {
    type: 'structure',
    members: {
      filterLogGroupArn: LogGroupArn,
      limit: { type: 'integer', min: 1, max: 50 },
      nextToken: NextToken,
    },
  },
  UpdateLogAnomalyDetector: {
    type: 'structure',
    required: ['anomalyDetectorArn', 'enabled'],
    members: {
      anomalyDetectorArn: AnomalyDetectorArn,
      evaluationFrequency: EvaluationFrequency,
      filterPattern: FilterPattern,
      anomalyVisibilityTime: AnomalyVisibilityTime,
      enabled: { type: 'boolean' },
    },
  },
  DeleteLogAnomalyDetector: {
    type: 'structure',
    required: ['anomalyDetectorArn'],
    members: { anomalyDetectorArn: AnomalyDetectorArn },
  },
  ListAnomalies: {
    type: 'structure',
    members: {
      anomalyDetectorArn: AnomalyDetectorArn,
      suppressionState: { type: 'string', enum: ['SUPPRESSED', 'UNSUPPRESSED'] },
      limit: { type: 'integer', min: 1, max: 50 },
      nextToken: NextToken,
    },
  },
  UpdateAnomaly: {
    type: 'structure',
    required: ['anomalyDetectorArn'],
    members: {
      anomalyId: { type: 'string', min: 36, max: 36 },
      patternId: { type: 'string', min: 32, max: 32 },
      anomalyDetectorArn: AnomalyDetectorArn,
      suppressionType: { type: 'string', enum: ['LIMITED', 'INFINITE'] },
      suppressionPeriod: {
        type: 'structure',
        members: { value: { type: 'integer' }, suppressionUnit: { type: 'string', enum: ['SECONDS', 'MINUTES', 'HOURS'] } },
      },
      baseline: { type: 'boolean' },
    },
  },
  TagResource: {
    type: 'structure',
    required: ['resourceArn', 'tags'],
    members: { resourceArn: AmazonResourceName, tags: Tags },
  },
  UntagResource: {
    type: 'structure',
    required: ['resourceArn', 'tagKeys'],
    members: { resourceArn: AmazonResourceName, tagKeys: { type: 'list', member: TagKey, min: 0, max: 50 } },
  },
  ListTagsForResource: {
    type: 'structure',
    required: ['resourceArn'],
    members: { resourceArn: AmazonResourceName },
  },
} as const satisfies Record<string, StructureShape>;

export type AnsweredOperation = keyof typeof REQUEST_SHAPES;
