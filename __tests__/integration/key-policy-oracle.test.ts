import {
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DeleteLogAnomalyDetectorCommand,
  DeleteLogGroupCommand,
  GetLogAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, GetKeyPolicyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { main } from '../../cli/main';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { KEY_POLICY_ORACLE, ORACLE_SCOPE } from '../fixtures/key-policy-oracle';
import { uniqueName } from './support/unique-name';

// The oracle's rows put on real keys of the local AWS, then CreateLogAnomalyDetector through the
// gateway: it must accept exactly the keys AWS accepts. The local AWS judges by its own rules,
// so this is not the product's evaluator agreeing with itself. `key-policy check` is asked about
// the policy as KMS gives it back.
describe('CreateLogAnomalyDetector on the local AWS answers every oracle row as AWS does', () => {
  // A 12-digit access key is the account on LocalStack; moto keeps its default, the same account.
  const clients = { region: ORACLE_SCOPE.region, credentials: { accessKeyId: ORACLE_SCOPE.account, secretAccessKey: localAwsEnv().secretAccessKey } };
  const logs = logsClient(clients);
  const kms = kmsClient(clients);
  const logGroupName = `/${uniqueName('oracle')}`;
  const logGroupArn = `arn:aws:logs:${ORACLE_SCOPE.region}:${ORACLE_SCOPE.account}:log-group:${logGroupName}`;
  const keys: string[] = [];

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
  });
  afterAll(async () => {
    await logs.send(new DeleteLogGroupCommand({ logGroupName }));
    for (const KeyId of keys) await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  });

  test.each(KEY_POLICY_ORACLE.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(row.policy), Description: row.name }));
    keys.push(KeyMetadata!.KeyId!);
    expect(KeyMetadata!.AWSAccountId).toBe(ORACLE_SCOPE.account);

    const create = logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: KeyMetadata!.Arn }));
    if (row.detectorData === 'allow') {
      const { anomalyDetectorArn } = await create;
      expect((await logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).kmsKeyId).toBe(KeyMetadata!.Arn);
      await logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    } else {
      await expect(create).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining(`key ${KeyMetadata!.Arn} has a key policy that does not let logs.us-east-1.amazonaws.com call kms:`) as unknown,
      });
    }

    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default' }));
    let stdout = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: () => undefined, readStdin: () => Policy!, env: {}, cwd: __dirname };
    const code = await main(['key-policy', 'check', '--region', ORACLE_SCOPE.region, '--account', ORACLE_SCOPE.account], io);
    const expected = row.productJudges === false ? 2 : row.everyGuideCall === 'allow' ? 0 : 1;
    expect(code).toBe(expected);
  });
});
