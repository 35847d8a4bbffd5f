import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { Construct } from 'constructs';
import { addAnomalyDetectionResources } from '../../../stacks/anomaly-detection-resources';
import { exampleConfigFromEnv } from '../../../stacks/example-config';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { ScenarioFacts } from '../../../testing/scenario-run';
import { kmsClient, localAwsEnv, logsClient } from '../../../testing/local-aws-environment';
import { uniqueName } from '../support/unique-name';

// The example's resources as `main.ts` builds them from the environment, their key choice
// switched new → aws-owned → new → an existing key ARN: no switch deletes a key it made.
export function exampleKeySwitch(scenario: DefineScenario): void {
  const logs = logsClient();
  const kms = kmsClient();
  const namePrefix = uniqueName('key-switch');
  const made: string[] = [];
  const detectors: string[] = [];
  const example = (key: () => string) => (scope: Construct) =>
    addAnomalyDetectionResources(scope, exampleConfigFromEnv({ AWS_REGION: localAwsEnv().region, NAME_PREFIX: namePrefix, ANOMALY_DETECTOR_KEY: key() }));
  const keyState = async (arn: string) => (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState;
  const detectorKey = async (detectorArn: string) => (await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }))).kmsKeyId;

  /** The detector is a new one, and every key made so far is Enabled. */
  async function expectReplacedDetectorAndEnabledKeys({ outputs }: ScenarioFacts): Promise<void> {
    expect(detectors).not.toContain(outputs.detector_arn);
    detectors.push(outputs.detector_arn);
    for (const arn of made) expect([arn, await keyState(arn)]).toEqual([arn, 'Enabled']);
  }

  scenario('example-key-switch', (s) => {
    s.step(
      'new',
      example(() => 'new'),
      (test) => {
        test('the detector uses the key the stack made', async (facts) => {
          await expectReplacedDetectorAndEnabledKeys(facts);
          made.push(facts.outputs.key_arn);
          expect(await detectorKey(facts.outputs.detector_arn)).toBe(made[0]);
        });
      },
    );

    s.step(
      'aws-owned',
      example(() => 'aws-owned'),
      (test) => {
        test('the plan forgets the key instead of deleting it, and the key stays Enabled', async (facts) => {
          // 'remove' is how `plan -json` says forget.
          expect(
            facts.plan.plannedChanges
              .filter((c) => c.type.startsWith('aws_kms_'))
              .map((c) => [c.type, c.action])
              .sort(),
          ).toEqual([
            ['aws_kms_alias', 'delete'],
            ['aws_kms_key', 'remove'],
          ]);
          await expectReplacedDetectorAndEnabledKeys(facts);
          expect(await detectorKey(facts.outputs.detector_arn)).toBeUndefined();
          expect((await facts.stateAddresses()).filter((a) => a.startsWith('aws_kms_key.'))).toEqual([]);
        });
      },
    );

    s.step(
      'new again',
      example(() => 'new'),
      (test) => {
        test('a second key; the first stays Enabled', async (facts) => {
          await expectReplacedDetectorAndEnabledKeys(facts);
          made.push(facts.outputs.key_arn);
          expect(made[1]).not.toBe(made[0]);
          expect(await detectorKey(facts.outputs.detector_arn)).toBe(made[1]);
        });
      },
    );

    const firstKey = () => {
      if (!made[0]) throw new Error("the first step's key is unknown: that step failed");
      return made[0];
    };
    s.step('an existing key ARN', example(firstKey), (test) => {
      test('the first key, used again: the second key stays Enabled too', async (facts) => {
        await expectReplacedDetectorAndEnabledKeys(facts);
        expect(await detectorKey(facts.outputs.detector_arn)).toBe(made[0]);
        expect((await facts.stateAddresses()).filter((a) => a.startsWith('aws_kms_key.'))).toEqual([]);
      });
    });
  });
}
