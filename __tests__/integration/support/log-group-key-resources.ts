import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { RetiredAnomalyDetectorKey } from '../../../modules/retired-anomaly-detector-key';

/**
 * Where a log group and its detector are in their keys' life:
 * - `key A`: key A encrypts both;
 * - `key B`: both moved to key B (made in the first stage), key A kept for the log group's older events;
 * - `key A retired`: key A left the configuration, forgotten by Terraform;
 * - `key A deleted`: as `key B`, but key A dropped from the code without retiring it (a plan to review, never applied).
 */
export type LogGroupKeyStage = 'key A' | 'key B' | 'key A retired' | 'key A deleted';

/** The log group's name for a prefix. */
export const logGroupName = (namePrefix: string): string => `/${namePrefix}/app`;

/** One log group and one detector watching it, encrypted with one key as `stage` says, added to `scope`. */
export function addLogGroupKeyResources(scope: Construct, namePrefix: string, stage: LogGroupKeyStage): void {
  const name = logGroupName(namePrefix);
  const group = new CloudwatchLogGroup(scope, 'logs', { name });
  // Destroyable at the run's end; key A is retired before then.
  const keyProps = { preventDestroy: false, deletionWindowInDays: 7, tags: { test: namePrefix } };

  let keyA: AnomalyDetectorKey | undefined;
  if (stage === 'key A retired') new RetiredAnomalyDetectorKey(scope, 'key-a');
  // Once the log group has moved on, key A still serves its older events: its policy keeps the log group.
  else if (stage !== 'key A deleted') keyA = new AnomalyDetectorKey(scope, 'key-a', { ...keyProps, ...(stage === 'key B' && { logGroupNames: [name] }) });
  if (keyA) new TerraformOutput(scope, 'key_a_arn', { value: keyA.keyArn });

  // Made from the start and serving the log group already, so that moving to it changes no key:
  // a key's creation waits for its policy to spread, paid in step 1 beside the other scenarios' keys.
  const keyB = new AnomalyDetectorKey(scope, 'key-b', { ...keyProps, logGroupNames: [name] });
  new TerraformOutput(scope, 'key_b_arn', { value: keyB.keyArn });
  const detector = new EncryptedLogAnomalyDetector(scope, 'detector', {
    logGroups: [group],
    key: stage === 'key A' ? keyA! : keyB,
    encryptLogGroups: true,
    detectorName: `${namePrefix}-detector`,
  });
  new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
}
