import {
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DeleteLogAnomalyDetectorCommand,
  DeleteLogGroupCommand,
  GetLogAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, GetKeyPolicyCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { runCommand } from '../support/run-command';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// The seed workflow for a key made elsewhere: get-key-policy, merge, put-key-policy, then a
// detector can use the key. `key-policy check` says what is missing before and nothing after.
describe('key-policy merge and check on a key in local AWS', () => {
  const kms = kmsClient();
  const logs = logsClient();
  const { region } = localAwsEnv();
  const keyPolicy = (args: string[], input: string) => runCommand('npm', ['run', '--silent', 'key-policy', '--', ...args], { input });

  test('GetKeyPolicy, merge, PutKeyPolicy: CreateLogAnomalyDetector then succeeds with the key', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'made elsewhere' }));
    const keyId = KeyMetadata!.KeyId!;
    const account = KeyMetadata!.AWSAccountId!;
    const logGroupName = `/${uniqueName('existing-key')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${logGroupName}`;
    const scope = ['--region', region, '--account', account];
    try {
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      const before = await keyPolicy(['check', ...scope], Policy!);
      expect(before.code).toBe(1);
      await expect(logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: KeyMetadata!.Arn }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });

      const merged = await keyPolicy(['merge', ...scope], Policy!);
      expect(merged.code).toBe(0);
      await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: merged.stdout }));
      const after = await keyPolicy(['check', ...scope], merged.stdout);
      expect(after).toMatchObject({ code: 0, stdout: `OK: CloudWatch Logs may use this key for anomaly detectors of ${account} in ${region}\n` });

      const { anomalyDetectorArn } = await logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: KeyMetadata!.Arn }));
      expect((await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).kmsKeyId).toBe(KeyMetadata!.Arn);
      await logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    } finally {
      await logs.send(new DeleteLogGroupCommand({ logGroupName }));
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    }
  });
});
