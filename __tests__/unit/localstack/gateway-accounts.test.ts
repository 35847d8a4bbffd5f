import {
  CloudWatchLogsClient,
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { LocalAws, startLocalAws } from '../../../localstack/local-aws';
import { documentedLogsKeyPolicy, PolicyScope } from '../../support/logs-key-policy';

// The gateway in front of a real moto, across accounts: the key's account holds the key, the
// detector's account the log group and the detector; each is reached the way moto picks
// accounts (the x-moto-account-id header, or AssumeRole credentials).

const REGION = 'us-east-1';
const KEY_ACCOUNT: PolicyScope = { partition: 'aws', region: REGION, account: '111111111111' };
const DETECTOR_ACCOUNT: PolicyScope = { ...KEY_ACCOUNT, account: '222222222222' };
const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

type Credentials = typeof TEST_CREDENTIALS & { readonly sessionToken?: string };

/** A middleware that sends moto's account header; added before signing, as a client's own headers are. */
function accountHeader(account: string) {
  return <A extends { readonly request: unknown }, R>(next: (args: A) => Promise<R>) =>
    (args: A): Promise<R> => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    };
}

/** The guide's key policy of `owner`, with its CloudWatch Logs statements repeated for the detectors of `others`. */
function keyPolicyServing(owner: PolicyScope, ...others: PolicyScope[]): string {
  const policy = JSON.parse(documentedLogsKeyPolicy(owner)) as { Statement: Array<{ Sid: string }> };
  for (const other of others) {
    // The first statement is the account root's; the others are CloudWatch Logs'.
    const [, ...logsStatements] = (JSON.parse(documentedLogsKeyPolicy(other)) as typeof policy).Statement;
    policy.Statement.push(...logsStatements.map((statement) => ({ ...statement, Sid: `${statement.Sid}${other.account}` })));
  }
  return JSON.stringify(policy);
}

describe('gateway on moto, across accounts', () => {
  let localAws: LocalAws;
  const clients: Array<KMSClient | CloudWatchLogsClient> = [];
  const config = (credentials: Credentials) => ({ endpoint: localAws.endpoint, region: REGION, credentials, maxAttempts: 1 });

  function kmsWithHeader(account: string): KMSClient {
    const kms = new KMSClient(config(TEST_CREDENTIALS));
    kms.middlewareStack.add(accountHeader(account), { step: 'build' });
    clients.push(kms);
    return kms;
  }

  function logsWithHeader(account: string): CloudWatchLogsClient {
    const logs = new CloudWatchLogsClient(config(TEST_CREDENTIALS));
    logs.middlewareStack.add(accountHeader(account), { step: 'build' });
    clients.push(logs);
    return logs;
  }

  function logsAs(credentials: Credentials): CloudWatchLogsClient {
    const logs = new CloudWatchLogsClient(config(credentials));
    clients.push(logs);
    return logs;
  }

  /** Credentials in `account`, from STS AssumeRole through the gateway (moto needs no such role). */
  async function assumeRoleIn(account: string): Promise<Credentials> {
    const response = await fetch(localAws.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=test/20250101/${REGION}/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: `arn:aws:iam::${account}:role/unit-test`, RoleSessionName: 'unit' }),
    });
    const xml = await response.text();
    const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
    return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
  }

  async function createLogGroup(logs: CloudWatchLogsClient, name: string): Promise<string> {
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return logGroups![0].logGroupArn!;
  }

  async function createKey(kms: KMSClient, policy: string): Promise<string> {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: policy }));
    return KeyMetadata!.Arn!;
  }

  let keyAccountKms: KMSClient;
  let detectorAccountLogs: CloudWatchLogsClient;
  let logGroupArn: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ env: { LOCAL_AWS_BACKEND: 'moto' } });
    keyAccountKms = kmsWithHeader(KEY_ACCOUNT.account);
    detectorAccountLogs = logsAs(await assumeRoleIn(DETECTOR_ACCOUNT.account));
    logGroupArn = await createLogGroup(detectorAccountLogs, '/accounts/app');
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await localAws?.stop();
  });

  test('each client lands where it asked: the key in the key account, the log group in the detector account', async () => {
    const keyArn = await createKey(keyAccountKms, keyPolicyServing(KEY_ACCOUNT));
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
    expect(logGroupArn).toMatch(/^arn:aws:logs:us-east-1:222222222222:log-group:\/accounts\/app/);
  });

  test("a detector uses another account's key whose policy allows the detector's account", async () => {
    const keyArn = await createKey(keyAccountKms, keyPolicyServing(KEY_ACCOUNT, DETECTOR_ACCOUNT));
    const { anomalyDetectorArn } = await detectorAccountLogs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: keyArn }));
    expect(anomalyDetectorArn).toMatch(/^arn:aws:logs:us-east-1:222222222222:anomaly-detector:[0-9a-f-]{36}$/);
    expect(await detectorAccountLogs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).toMatchObject({ kmsKeyId: keyArn });
  });

  test("a key whose policy serves only its own account's detectors is refused, naming the new detector's ARN", async () => {
    const keyArn = await createKey(keyAccountKms, keyPolicyServing(KEY_ACCOUNT));
    const error = await detectorAccountLogs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: keyArn })).then(
      () => new Error('expected the key to be refused'),
      (e: Error) => e,
    );
    expect(error.name).toBe('InvalidParameterException');
    const detector = 'arn:aws:logs:us-east-1:222222222222:anomaly-detector:[0-9a-f-]{36}';
    expect(error.message).toMatch(
      new RegExp(
        `^The specified KMS key does not exist or is not allowed to be used with Arn '(${detector})': key ${keyArn} has a key policy that does not let ` +
          `logs\\.us-east-1\\.amazonaws\\.com call kms:GenerateDataKey with kms:EncryptionContext:aws:logs:arn = \\1: no statement allows it$`,
      ),
    );
  });

  test("a key ARN of the key account is read there: the detector account's key of that id does not stand in", async () => {
    const ownKey = await createKey(kmsWithHeader(DETECTOR_ACCOUNT.account), keyPolicyServing(DETECTOR_ACCOUNT));
    const elsewhere = ownKey.replace(DETECTOR_ACCOUNT.account, KEY_ACCOUNT.account);
    await expect(detectorAccountLogs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: elsewhere }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(new RegExp(`: key ${elsewhere} does not exist$`)) as string,
    });
  });

  test('x-moto-account-id picks the account for the gateway too: the detector lands there, invisible from other accounts', async () => {
    const logs = logsWithHeader('333333333333');
    const group = await createLogGroup(logs, '/accounts/header');
    const { anomalyDetectorArn } = await logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [group] }));
    expect(anomalyDetectorArn).toMatch(/^arn:aws:logs:us-east-1:333333333333:anomaly-detector:/);
    await expect(logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).resolves.toMatchObject({ logGroupArnList: [group] });
    await expect(logsAs(TEST_CREDENTIALS).send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
