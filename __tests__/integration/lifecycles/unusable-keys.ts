import { DescribeLogGroupsCommand, ListLogAnomalyDetectorsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, CreateKeyCommandInput, DisableKeyCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { anomalyDetectorKeyPolicy } from '../../../modules/key-policy';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { kmsClient, localAwsEnv, logsClient } from '../../../testing/local-aws-environment';
import { uniqueName } from '../support/unique-name';

// Keys made outside Terraform, each unusable by CloudWatch Logs for one reason: one step holds
// a detector per key, so one apply shows all three failures (Terraform reports every error).
export function unusableKeys(scenario: DefineScenario): void {
  const kms = kmsClient();
  const logs = logsClient();
  const env = localAwsEnv();
  const namePrefix = uniqueName('unusable');
  const keys: Record<string, string> = {};

  /** A key whose policy allows CloudWatch Logs, for the backend's account (moto and LocalStack differ). */
  async function createKeyWithLogsPolicy(input: CreateKeyCommandInput = {}) {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand(input));
    const policy = anomalyDetectorKeyPolicy({ region: env.region, account: KeyMetadata!.AWSAccountId! });
    await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, PolicyName: 'default', Policy: JSON.stringify(policy) }));
    return KeyMetadata!;
  }

  const logGroup = (scope: Construct) => new CloudwatchLogGroup(scope, 'group', { name: `/${namePrefix}/app` });

  scenario('unusable-keys', (s) => {
    s.before(async () => {
      keys['no-logs-policy'] = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      const disabled = await createKeyWithLogsPolicy();
      // moto answers DisableKey given an ARN with an HTTP 500; AWS accepts both, so pass the id.
      await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId! }));
      keys.disabled = disabled.Arn!;
      keys.asymmetric = (await createKeyWithLogsPolicy({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).Arn!;
    });

    s.after(async () => {
      for (const arn of Object.values(keys)) {
        await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn.split('/').pop()!, PendingWindowInDays: 7 }));
      }
    });

    s.step(
      'a detector per unusable key',
      {
        build: (scope) => {
          const group = logGroup(scope);
          for (const [name, key] of Object.entries(keys)) {
            new EncryptedLogAnomalyDetector(scope, name, { logGroups: [group], key, detectorName: `${namePrefix}-${name}` });
          }
        },
        expectErrors: true,
      },
      (test) => {
        for (const [name, reason] of [
          ['no-logs-policy', /has a key policy that does not let logs\.us-east-1\.amazonaws\.com call kms:GenerateDataKey/],
          ['disabled', /is disabled \(KeyState Disabled\)/],
          ['asymmetric', /CloudWatch Logs supports only symmetric keys/],
        ] as const) {
          test(`apply fails for the ${name} key with InvalidParameterException naming the reason`, ({ errors }) => {
            // Terraform wraps long messages; compare them as one line.
            const failure = errors.map((e) => `${e.summary} ${e.detail ?? ''}`.replace(/\s+/g, ' ')).find((message) => message.includes(keys[name]));
            expect(failure).toContain('InvalidParameterException');
            expect(failure).toMatch(reason);
          });
        }

        test('no detector was made; the failed apply did make the log group', async () => {
          const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({}));
          expect((anomalyDetectors ?? []).filter((d) => d.detectorName?.startsWith(namePrefix))).toEqual([]);
          const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
          expect(logGroups?.map((g) => g.logGroupName)).toEqual([`/${namePrefix}/app`]);
        });
      },
    );

    // Without the detectors, later steps do not try them again.
    s.step('the log group alone', (scope) => void logGroup(scope));

    s.destroyed((test) => {
      test('the log group the failed apply made is gone after destroy', async () => {
        const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${namePrefix}/` }));
        expect(logGroups ?? []).toEqual([]);
      });
    });
  });
}
