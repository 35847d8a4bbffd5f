import {
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  ListLogAnomalyDetectorsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { Construct } from 'constructs';
import { effectiveChanges, PlanJson } from '../../../terraform-runner/plan-json';
import { accountRootStatement, KeyPolicyDocument } from '../../../modules/key-policy';
import { reviewPlan } from '../../../cli/plan-review/review-plan';
import { renderMarkdown } from '../../../cli/plan-review/render-markdown';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { kmsClient, localAwsEnv, logsClient } from '../../../testing/local-aws-environment';
import { runPlanReview } from '../support/plan-review-cli';
import { addDetectorTestResources, DetectorTestProps } from '../support/detector-test-resources';
import { uniqueName } from '../support/unique-name';

/** Only the detector changes, and it is replaced. */
function expectOnlyTheDetectorReplaced(plan: PlanJson): void {
  expect(effectiveChanges(plan).map((c) => [c.type, c.change.actions])).toEqual([['aws_cloudwatch_log_anomaly_detector', ['delete', 'create']]]);
}

/** A policy with only the account-root statement, for the key's own account and region. */
function rootOnly(keyArn: string): string {
  const [, , , region, account] = keyArn.split(':');
  return JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement({ region, account })] });
}

// One deployment walked through its life: associate, swap keys, disassociate, destroy.
export function keyAssociation(scenario: DefineScenario): void {
  const env = localAwsEnv();
  const namePrefix = uniqueName('association');
  const logs = logsClient();
  const kms = kmsClient();
  const resources = (props: Partial<DetectorTestProps>) => (scope: Construct) => addDetectorTestResources(scope, { namePrefix, key: 'a', ...props });
  let outputs: Record<string, string>;

  scenario('key-association', (s) => {
    s.step('key A', { build: resources({ key: 'a' }), replan: true }, (test) => {
      test('apply associates the detector with key A', async ({ plan, outputs: applied }) => {
        const review = reviewPlan(await plan.json());
        expect(review.findings).toEqual([]);
        expect(review.associationChanges).toBe(true);
        expect(renderMarkdown(review)).toContain('**6 to add, 0 to change, 0 to replace, 0 to destroy** · 0 blocking, 0 warnings');
        outputs = { ...applied };

        const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
        expect(detector.kmsKeyId).toBe(outputs.key_a_arn);
        expect(detector.logGroupArnList).toEqual([outputs.first_log_group_arn]);
        expect(detector.detectorName).toBe(`${namePrefix}-detector`);
      });

      test("the key policy KMS holds has the guide's two CloudWatch Logs statements, written out here", async () => {
        const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: outputs.key_a_arn, PolicyName: 'default' }));
        const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: outputs.key_a_arn }));
        const statements = (JSON.parse(Policy ?? '{}') as KeyPolicyDocument).Statement;
        // Literal, as the guide (LogsAnomalyDetection-KMS) writes them, not the builder's output.
        const detectors = `arn:aws:logs:${env.region}:${KeyMetadata?.AWSAccountId}:anomaly-detector:*`;
        const Principal = { Service: `logs.${env.region}.amazonaws.com` };
        expect(statements).toEqual(
          expect.arrayContaining([
            {
              Sid: 'AllowCloudWatchLogsAnomalyDetectors',
              Effect: 'Allow',
              Principal,
              Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
              Resource: '*',
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': detectors } },
            },
            {
              Sid: 'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
              Effect: 'Allow',
              Principal,
              Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
              Resource: '*',
              Condition: { ArnLike: { 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn': detectors } },
            },
          ]),
        );
      });

      test('tags round-trip', async () => {
        const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: outputs.detector_arn }));
        expect(tags).toEqual({ test: namePrefix });
      });

      test('a second plan reports no changes, and plan review says so', async ({ replan }) => {
        expect(replan.changes).toBe(false);
        expect(renderMarkdown(reviewPlan(await replan.json()))).toContain('No changes.');
      });
    });

    s.step('key B', { build: resources({ key: 'b' }), replan: true }, (test) => {
      test('key A to key B replaces only the detector, which then holds key B', async ({ plan, outputs: applied, replan }) => {
        const json = await plan.json();
        expectOnlyTheDetectorReplaced(json);
        const review = await runPlanReview(json, ['--fail-on=replace']);
        expect(review.code).toBe(1);
        expect(review.stdout).toContain(
          `Detector replaced because kms_key_id changed from ${outputs.key_a_arn} to ${outputs.key_b_arn}: the old detector's learned patterns and anomalies are lost and its ARN changes.`,
        );
        expect(review.stdout).toContain('> Key association changes can take up to five minutes to take effect in CloudWatch Logs.');
        expect((await runPlanReview(json, [])).code).toBe(0);

        const before = outputs.detector_arn;
        outputs = { ...applied };
        expect(outputs.detector_arn).not.toBe(before);
        const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
        expect(detector.kmsKeyId).toBe(outputs.key_b_arn);
        await expect(logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: before }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
        });
        expect(replan.changes).toBe(false);
      });
    });

    s.step('aws-owned', { build: resources({ key: 'aws-owned' }), replan: true }, (test) => {
      test("key to 'aws-owned' replaces the detector, which then has no key", async ({ plan, outputs: applied, replan }) => {
        const json = await plan.json();
        expectOnlyTheDetectorReplaced(json);
        expect(renderMarkdown(reviewPlan(json))).toContain(`kms_key_id was removed (was ${outputs.key_b_arn}); CloudWatch Logs' own encryption from now on`);

        const before = outputs.detector_arn;
        outputs = { ...applied };
        expect(outputs.detector_arn).not.toBe(before);
        const detector = await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn }));
        expect(detector).not.toHaveProperty('kmsKeyId');
        expect(replan.changes).toBe(false);
      });
    });

    s.step(
      'a narrowed key policy, proposed',
      {
        build: resources({ key: 'aws-owned' }),
        // Planned after the apply, never applied; that plan also shows the 'aws-owned' step converged.
        propose: (scope) => resources({ key: 'aws-owned', keyAPolicy: rootOnly(outputs.key_a_arn) })(scope),
      },
      (test) => {
        test('plan review blocks a key policy that drops the CloudWatch Logs statements', async ({ replan }) => {
          expect(replan.plannedChanges.map((c) => [c.type, c.action])).toEqual([['aws_kms_key', 'update']]);
          const review = await runPlanReview(await replan.json(), []);
          expect(review.code).toBe(1);
          expect(review.stdout).toContain('Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors');
        });
      },
    );

    s.destroyed((test) => {
      test('plan review blocked deleting the keys', async ({ plan }) => {
        const markdown = renderMarkdown(reviewPlan(await plan.json()));
        for (const arn of [outputs.key_a_arn, outputs.key_b_arn]) {
          expect(markdown).toContain(
            `Key ${arn} is scheduled for deletion: data encrypted with it (anomaly detectors, their models and findings) can no longer be retrieved.`,
          );
        }
      });

      test('destroy leaves no detector, keys pending deletion and no log groups', async () => {
        const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({ filterLogGroupArn: outputs.first_log_group_arn }));
        expect(anomalyDetectors ?? []).toEqual([]);
        for (const keyArn of [outputs.key_a_arn, outputs.key_b_arn]) {
          const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
          expect(KeyMetadata?.KeyState).toBe('PendingDeletion');
        }
        const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
        expect(logGroups ?? []).toEqual([]);
      });
    });
  });
}
