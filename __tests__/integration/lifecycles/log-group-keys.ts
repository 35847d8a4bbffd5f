import {
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { Construct } from 'constructs';
import { reviewPlan } from '../../../cli/plan-review/review-plan';
import { logGroupArn } from '../../../modules/aws/log-group-encryption';
import { deniedLogGroupCalls } from '../../../modules/log-group-key-access';
import { scopeOfKey } from '../../../modules/logs-key-access';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { kmsClient, logsClient } from '../../../testing/local-aws-environment';
import { addLogGroupKeyResources, LogGroupKeyStage, logGroupName } from '../support/log-group-key-resources';
import { uniqueName } from '../support/unique-name';

// One key for a log group and the detector watching it; the log group's key switched in place;
// the old key, which only the log group's older events still need, retired, never deleted.
// Local AWS (moto) stores events unencrypted: "still readable" here means GetLogEvents returns
// them and the old key stays Enabled with a policy that lets CloudWatch Logs decrypt them.
export function logGroupKeys(scenario: DefineScenario): void {
  const logs = logsClient();
  const kms = kmsClient();
  const namePrefix = uniqueName('log-group-keys');
  const name = logGroupName(namePrefix);
  const stage = (s: LogGroupKeyStage) => (scope: Construct) => addLogGroupKeyResources(scope, namePrefix, s);
  const events = ['written under key A: 1', 'written under key A: 2'];
  let keyA = '';

  const groupKey = async () =>
    (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find((g) => g.logGroupName === name)?.kmsKeyId;
  const storedEvents = async () =>
    (await logs.send(new GetLogEventsCommand({ logGroupName: name, logStreamName: 'app', startFromHead: true }))).events?.map((e) => e.message);
  /** Key A is Enabled and its policy lets CloudWatch Logs use it for the log group: what reading its older events needs. */
  async function expectKeyAServesTheLogGroup(): Promise<void> {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyA }));
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyA, PolicyName: 'default' }));
    const scope = scopeOfKey(keyA);
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    expect(deniedLogGroupCalls(Policy ?? '', scope, keyA, logGroupArn(scope, name))).toEqual([]);
  }

  scenario('log-group-keys', (s) => {
    s.step('key A for the log group and the detector', { build: stage('key A'), propose: stage('key A deleted') }, (test) => {
      test('one key encrypts the log group (DescribeLogGroups) and the detector; events go in', async ({ outputs }) => {
        keyA = outputs.key_a_arn;
        expect(await groupKey()).toBe(keyA);
        expect((await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }))).kmsKeyId).toBe(keyA);
        await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 'app' }));
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: name,
            logStreamName: 'app',
            logEvents: events.map((message, i) => ({ message, timestamp: Date.now() + i })),
          }),
        );
        expect(await storedEvents()).toEqual(events);
      });

      test('plan review blocks deleting key A while the log group uses it, naming the log group', async ({ replan }) => {
        const review = reviewPlan(await replan.json());
        const deletion = review.findings.find((f) => f.rule === 'key-deletion');
        expect(deletion).toMatchObject({ severity: 'blocking', address: expect.stringMatching(/^aws_kms_key\.log-group-keys_key-a_Key_/) as string });
        expect(deletion?.message).toContain(`the events of log group ${name}`);
        expect(review.findings.map((f) => f.rule)).toContain('log-group-key-switched');
      });
    });

    s.step('the log group and the detector on key B', stage('key B'), (test) => {
      test("the log group's key is switched in place, and plan review warns that its events need key A", async ({ plan, outputs }) => {
        const groupChanges = plan.plannedChanges.filter((c) => c.type === 'aws_cloudwatch_log_group').map((c) => c.action);
        expect(groupChanges).toEqual(['update']);
        expect(plan.plannedChanges.filter((c) => c.type.startsWith('aws_kms_'))).toEqual([]);
        const review = reviewPlan(await plan.json());
        expect(review.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
        expect(review.findings.find((f) => f.rule === 'log-group-key-switched')?.message).toContain(`the events it holds stay encrypted with ${keyA}`);
        expect(await groupKey()).toBe(outputs.key_b_arn);
      });

      test('the events written before the switch are still returned (the local AWS stores them unencrypted), and key A still serves the log group', async () => {
        expect(await storedEvents()).toEqual(events);
        await expectKeyAServesTheLogGroup();
      });
    });

    s.step('key A retired', stage('key A retired'), (test) => {
      test('key A, needed only by the log group’s older events, is forgotten, not deleted: still Enabled and serving the log group', async ({
        plan,
        stateAddresses,
      }) => {
        // 'remove' is how `plan -json` says forget.
        expect(plan.plannedChanges.filter((c) => c.type.startsWith('aws_kms_')).map((c) => [c.type, c.action])).toEqual([['aws_kms_key', 'remove']]);
        expect((await stateAddresses()).filter((a) => a.includes('key-a'))).toEqual([]);
        await expectKeyAServesTheLogGroup();
        expect(await storedEvents()).toEqual(events);
      });
    });
  });
}
