import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { RetiredAnomalyDetectorKey } from '../../../modules/retired-anomaly-detector-key';
import { localAwsProviderSettings } from '../../../localstack/provider-settings';

export interface KeyRetirementStackProps {
  readonly endpoint: string;
  readonly region: string;
  readonly namePrefix: string;
  /** Construct id of the shared key. */
  readonly keyId: string;
  /** The shared key's former path, after a rename. @default - none */
  readonly renamedFrom?: string;
  /** The shared key is retired, its detector on 'aws-owned'. @default false */
  readonly retired?: boolean;
  /** The second detector makes its own key (else it is given 'aws-owned'). @default true */
  readonly ownKey?: boolean;
}

/** Two detectors: one on a key construct that is renamed, then retired; one on a key it made itself. */
export class KeyRetirementStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: KeyRetirementStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: props.region, ...localAwsProviderSettings({ endpoint: props.endpoint }) });
    const logGroup = new CloudwatchLogGroup(this, 'logs', { name: `/${props.namePrefix}/app` });
    const keyProps = { deletionWindowInDays: 7, tags: { test: props.namePrefix } };

    let sharedKey: AnomalyDetectorKey | undefined;
    if (props.retired) {
      new RetiredAnomalyDetectorKey(this, props.keyId);
    } else {
      sharedKey = new AnomalyDetectorKey(this, props.keyId, { ...keyProps, alias: `${props.namePrefix}-shared`, renamedFrom: props.renamedFrom });
      new TerraformOutput(this, 'shared_key_arn', { value: sharedKey.keyArn });
    }
    const shared = new EncryptedLogAnomalyDetector(this, 'shared-detector', {
      logGroups: [logGroup],
      key: sharedKey ?? AWS_OWNED_KEY,
      detectorName: `${props.namePrefix}-shared`,
    });
    const own = new EncryptedLogAnomalyDetector(this, 'own-detector', {
      logGroups: [logGroup],
      ...((props.ownKey ?? true) ? { keyProps } : { key: AWS_OWNED_KEY }),
      detectorName: `${props.namePrefix}-own`,
    });
    if (own.keyArn) new TerraformOutput(this, 'own_key_arn', { value: own.keyArn });
    new TerraformOutput(this, 'shared_detector_arn', { value: shared.detectorArn });
    new TerraformOutput(this, 'own_detector_arn', { value: own.detectorArn });
  }
}
