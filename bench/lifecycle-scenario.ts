import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../modules/encrypted-log-anomaly-detector';

/** The steps every bench scenario walks: key A, then key B (the detector replaced, key A kept). */
export const LIFECYCLE_STEPS = ['key A', 'key B'] as const;

/**
 * One scenario's configuration at step `index` (0 or 1), added to `scope`: a log group, key A
 * (and key B from step 2), a detector on the step's key. Names start with `namePrefix`, unique
 * per scenario and run, so that scenarios sharing one local AWS stay apart.
 */
export function lifecycleStep(namePrefix: string, index: number): (scope: Construct) => void {
  return (scope) => {
    const logs = new CloudwatchLogGroup(scope, 'logs', { name: `/${namePrefix}/app` });
    const keyOptions = { preventDestroy: false, deletionWindowInDays: 7 };
    const keyA = new AnomalyDetectorKey(scope, 'key-a', keyOptions);
    const keyB = index >= 1 ? new AnomalyDetectorKey(scope, 'key-b', keyOptions) : undefined;
    const detector = new EncryptedLogAnomalyDetector(scope, 'detector', { logGroups: [logs], key: keyB ?? keyA, detectorName: `${namePrefix}-detector` });
    new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
    new TerraformOutput(scope, 'key_arn', { value: (keyB ?? keyA).keyArn });
  };
}
