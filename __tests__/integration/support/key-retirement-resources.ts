import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { AWS_OWNED_KEY, EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { RetiredAnomalyDetectorKey } from '../../../modules/retired-anomaly-detector-key';

export interface KeyRetirementProps {
  readonly namePrefix: string;
  /** Construct id of the shared key. */
  readonly keyId: string;
  /** The shared key's former id (in the same scope), after a rename. @default - none */
  readonly renamedFrom?: string;
  /** The shared key is retired, its detector on 'aws-owned'. @default false */
  readonly retired?: boolean;
  /** The second detector makes its own key (else it is given 'aws-owned'). @default true */
  readonly ownKey?: boolean;
}

/** The path of a child of `scope` below its stack, as `renamedFrom` takes it. */
function pathInStack(scope: Construct, id: string): string {
  const stackPath = TerraformStack.of(scope).node.path;
  return [scope.node.path.slice(stackPath.length + 1), id].filter(Boolean).join('/');
}

/** Two detectors, added to `scope`: one on a key construct that is renamed, then retired; one on a key it made itself. */
export function addKeyRetirementResources(scope: Construct, props: KeyRetirementProps): void {
  const logGroup = new CloudwatchLogGroup(scope, 'logs', { name: `/${props.namePrefix}/app` });
  const keyProps = { deletionWindowInDays: 7, tags: { test: props.namePrefix } };

  let sharedKey: AnomalyDetectorKey | undefined;
  if (props.retired) {
    new RetiredAnomalyDetectorKey(scope, props.keyId);
  } else {
    sharedKey = new AnomalyDetectorKey(scope, props.keyId, {
      ...keyProps,
      alias: `${props.namePrefix}-shared`,
      renamedFrom: props.renamedFrom && pathInStack(scope, props.renamedFrom),
    });
    new TerraformOutput(scope, 'shared_key_arn', { value: sharedKey.keyArn });
  }
  const shared = new EncryptedLogAnomalyDetector(scope, 'shared-detector', {
    logGroups: [logGroup],
    key: sharedKey ?? AWS_OWNED_KEY,
    detectorName: `${props.namePrefix}-shared`,
  });
  const own = new EncryptedLogAnomalyDetector(scope, 'own-detector', {
    logGroups: [logGroup],
    ...((props.ownKey ?? true) ? { keyProps } : { key: AWS_OWNED_KEY }),
    detectorName: `${props.namePrefix}-own`,
  });
  if (own.keyArn) new TerraformOutput(scope, 'own_key_arn', { value: own.keyArn });
  new TerraformOutput(scope, 'shared_detector_arn', { value: shared.detectorArn });
  new TerraformOutput(scope, 'own_detector_arn', { value: own.detectorArn });
}
