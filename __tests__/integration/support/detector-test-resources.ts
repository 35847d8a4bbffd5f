import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { EvaluationFrequency } from '../../../modules/aws/cloudwatch-logs';
import { localAwsProviderSettings } from '../../../localstack/provider-settings';

export interface DetectorTestProps {
  /** Unique per test, so tests can share one local AWS. */
  readonly namePrefix: string;
  /** Key 'a' or 'b' of the stack, `'aws-owned'` (AWS_OWNED_KEY), or the ARN of a key made outside the stack. */
  readonly key: string;
  /** Make keys a and b. @default true */
  readonly withKeys?: boolean;
  /** Which of the two log groups the detector watches. @default ['first'] */
  readonly logGroups?: ReadonlyArray<'first' | 'second'>;
  readonly evaluationFrequency?: EvaluationFrequency;
  readonly enabled?: boolean;
  readonly filterPattern?: string;
  readonly anomalyVisibilityTime?: number;
  /** @default `${namePrefix}-detector` */
  readonly detectorName?: string;
  /** Replaces key a's policy (to plan a narrowing). @default - the construct's policy */
  readonly keyAPolicy?: string;
}

/** Two log groups, two keys, one detector, added to `scope`: everything a key swap needs already exists. */
export function addDetectorTestResources(scope: Construct, props: DetectorTestProps): void {
  const groups = {
    first: new CloudwatchLogGroup(scope, 'first', { name: `/${props.namePrefix}/first` }),
    second: new CloudwatchLogGroup(scope, 'second', { name: `/${props.namePrefix}/second` }),
  };
  const keys: Record<string, AnomalyDetectorKey> = {};
  if (props.withKeys ?? true) {
    for (const name of ['a', 'b']) {
      keys[name] = new AnomalyDetectorKey(scope, `key-${name}`, {
        preventDestroy: false,
        deletionWindowInDays: 7,
        tags: { test: props.namePrefix },
      });
      new TerraformOutput(scope, `key_${name}_arn`, { value: keys[name].keyArn });
    }
  }

  if (props.keyAPolicy) (keys.a.node.findChild('Key') as KmsKey).addOverride('policy', props.keyAPolicy);

  const detector = new EncryptedLogAnomalyDetector(scope, 'detector', {
    logGroups: (props.logGroups ?? ['first']).map((g) => groups[g]),
    key: keys[props.key] ?? props.key,
    detectorName: props.detectorName ?? `${props.namePrefix}-detector`,
    evaluationFrequency: props.evaluationFrequency ?? EvaluationFrequency.FIFTEEN_MIN,
    enabled: props.enabled,
    filterPattern: props.filterPattern,
    anomalyVisibilityTime: props.anomalyVisibilityTime,
    tags: { test: props.namePrefix },
  });
  new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
  new TerraformOutput(scope, 'first_log_group_arn', { value: groups.first.arn });
  new TerraformOutput(scope, 'second_log_group_arn', { value: groups.second.arn });
}

/** The same resources in a stack of their own, against the local AWS at `endpoint`. */
export class DetectorTestStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: DetectorTestProps & { readonly endpoint: string; readonly region: string }) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: props.region, ...localAwsProviderSettings({ endpoint: props.endpoint }) });
    addDetectorTestResources(this, props);
  }
}
