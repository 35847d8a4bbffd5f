import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';

export interface ScaledStackProps {
  readonly detectors: number;
  /** true: each detector makes its own key (the construct's default); false: all share one. */
  readonly keyPerDetector: boolean;
}

/** N detectors, each watching a log group of its own: the shape whose synth time should grow linearly. */
export class ScaledStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ScaledStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'us-east-1' });
    const sharedKey = props.keyPerDetector ? undefined : new AnomalyDetectorKey(this, 'key');
    for (let i = 0; i < props.detectors; i++) {
      const logs = new CloudwatchLogGroup(this, `logs-${i}`, { name: `/bench/logs-${i}` });
      new EncryptedLogAnomalyDetector(this, `detector-${i}`, { logGroups: [logs], key: sharedKey, detectorName: `bench-${i}` });
    }
  }
}
