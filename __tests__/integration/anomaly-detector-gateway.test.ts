import {
  CloudWatchLogsClient,
  CreateLogAnomalyDetectorCommand,
  CreateLogAnomalyDetectorCommandInput,
  CreateLogGroupCommand,
  DeleteLogAnomalyDetectorCommand,
  DescribeLogGroupsCommand,
  GetLogAnomalyDetectorCommand,
  ListAnomaliesCommand,
  ListLogAnomalyDetectorsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAnomalyCommand,
  UpdateLogAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, CreateKeyCommandInput, DisableKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { accountRootOnlyKeyPolicy, documentedLogsKeyPolicy, PolicyScope } from '../support/logs-key-policy';
import { ClientOptions, kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// The real AWS SDK v3 client against the gateway that the Jest global setup started: every
// answered operation, every error as the SDK sees it (name and message), over real KMS keys
// and log groups in the backend, which reach it through the gateway.
const env = localAwsEnv();

interface Account {
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
  readonly scope: PolicyScope;
}

function clientsFor(options: ClientOptions = {}) {
  return { logs: logsClient(options), kms: kmsClient(options) };
}

/** A log group made through the gateway (so forwarded to the backend); returns its ARN and where it is. */
async function createLogGroup(logs: CloudWatchLogsClient, name = `/gateway-it/${uniqueName('group')}`) {
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const arn = logGroups?.[0]?.logGroupArn;
  if (!arn) throw new Error(`DescribeLogGroups did not return ${name}`);
  const [, partition, , region, account] = arn.split(':');
  return { name, arn, scope: { partition, region, account } };
}

/** A KMS key of the backend, with `policy` put on it (the guide's policy unless told otherwise). */
async function createKey(account: Account, input: CreateKeyCommandInput = {}, policy = documentedLogsKeyPolicy(account.scope)) {
  const { KeyMetadata } = await account.kms.send(new CreateKeyCommand(input));
  await account.kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, PolicyName: 'default', Policy: policy }));
  return KeyMetadata!;
}

/** The error a call fails with, as the SDK reports it. */
async function errorOf(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected the call to fail');
}

/** Credentials of another account: moto and LocalStack both map an assumed role's keys to the role's account. */
async function assumeRoleIn(accountId: string) {
  const response = await fetch(env.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${env.accessKeyId}/20250101/${env.region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: `arn:aws:iam::${accountId}:role/gateway-it`,
      RoleSessionName: uniqueName('session'),
    }),
  });
  const xml = await response.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

describe('anomaly-detector gateway, through the AWS SDK', () => {
  const home = clientsFor();
  let account: Account;
  let logGroup: Awaited<ReturnType<typeof createLogGroup>>;
  const create = (input: Partial<CreateLogAnomalyDetectorCommandInput> = {}, logs = home.logs) =>
    logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroup.arn], ...input })).then((r) => r.anomalyDetectorArn!);
  const get = (anomalyDetectorArn: string, logs = home.logs) => logs.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }));

  beforeAll(async () => {
    logGroup = await createLogGroup(home.logs);
    account = { ...home, scope: logGroup.scope };
  });

  describe('forwarding', () => {
    test("log groups made through the gateway are the backend's own", async () => {
      const direct = logsClient({ endpoint: env.backendEndpoint });
      const { logGroups } = await direct.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup.name }));
      expect(logGroups?.map((g) => g.logGroupName)).toEqual([logGroup.name]);
    });
  });

  describe('CreateLogAnomalyDetector and GetLogAnomalyDetector', () => {
    test('create with a usable key, then Get returns the detector with kmsKeyId exactly as sent', async () => {
      const key = await createKey(account);
      const before = Date.now();
      const arn = await create({ kmsKeyId: key.Arn, detectorName: uniqueName('detector'), evaluationFrequency: 'FIVE_MIN', filterPattern: 'ERROR' });

      expect(arn).toMatch(new RegExp(`^arn:${logGroup.scope.partition}:logs:${env.region}:${logGroup.scope.account}:anomaly-detector:[0-9a-f-]{36}$`));
      const { $metadata: _, ...detector } = await get(arn);
      expect(detector).toEqual({
        detectorName: expect.stringMatching(/^detector-/) as string,
        logGroupArnList: [logGroup.arn],
        evaluationFrequency: 'FIVE_MIN',
        filterPattern: 'ERROR',
        anomalyDetectorStatus: 'TRAINING',
        kmsKeyId: key.Arn,
        creationTimeStamp: expect.any(Number) as number,
        lastModifiedTimeStamp: expect.any(Number) as number,
        anomalyVisibilityTime: 21,
      });
      expect(detector.creationTimeStamp).toBeGreaterThanOrEqual(before - 1000);
    });

    test('create without a key: Get has no kmsKeyId', async () => {
      expect(await get(await create())).not.toHaveProperty('kmsKeyId');
    });

    test('a key that does not exist', async () => {
      const missing = `arn:${logGroup.scope.partition}:kms:${env.region}:${logGroup.scope.account}:key/00000000-1111-2222-3333-444444444444`;
      expect(await errorOf(create({ kmsKeyId: missing }))).toEqual({
        name: 'InvalidParameterException',
        message: expect.stringMatching(
          new RegExp(
            `^The specified KMS key does not exist or is not allowed to be used with Arn 'arn:[^']+:anomaly-detector:[0-9a-f-]{36}': key ${missing} does not exist$`,
          ),
        ) as string,
      });
    });

    test('a disabled key', async () => {
      const key = await createKey(account);
      // moto answers DisableKey given a key ARN with HTTP 500; AWS takes either, so pass the id.
      await account.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      expect(await errorOf(create({ kmsKeyId: key.Arn }))).toEqual({
        name: 'InvalidParameterException',
        message: expect.stringMatching(/: key \S+ is disabled \(KeyState Disabled\); it must be Enabled$/) as string,
      });
    });

    test('an asymmetric key', async () => {
      const key = await createKey(account, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      expect(await errorOf(create({ kmsKeyId: key.Arn }))).toEqual({
        name: 'InvalidParameterException',
        message: expect.stringMatching(
          /: key \S+ is not a symmetric encryption key \(KeySpec RSA_2048, KeyUsage ENCRYPT_DECRYPT\); CloudWatch Logs supports only symmetric keys/,
        ) as string,
      });
    });

    test('a key in another region', async () => {
      const elsewhere = { ...account, kms: kmsClient({ region: 'us-west-2' }), scope: { ...account.scope, region: 'us-west-2' } };
      const key = await createKey(elsewhere);
      expect(await errorOf(create({ kmsKeyId: key.Arn }))).toEqual({
        name: 'InvalidParameterException',
        message: expect.stringMatching(new RegExp(`: key \\S+ is in region us-west-2, not in the detector's region ${env.region}$`)) as string,
      });
    });

    test('a key whose policy lacks the CloudWatch Logs statements', async () => {
      const key = await createKey(account, {}, accountRootOnlyKeyPolicy(account.scope));
      expect(await errorOf(create({ kmsKeyId: key.Arn }))).toEqual({
        name: 'InvalidParameterException',
        message: expect.stringMatching(
          new RegExp(
            `: key \\S+ has a key policy that does not let logs\\.${env.region}\\.amazonaws\\.com call kms:GenerateDataKey with kms:EncryptionContext:aws:logs:arn = \\S+: no statement allows it$`,
          ),
        ) as string,
      });
    });

    test('a log group that does not exist', async () => {
      const missing = logGroup.arn.replace(logGroup.name, `/gateway-it/${uniqueName('missing')}`);
      expect(await errorOf(create({ logGroupArnList: [missing] }))).toEqual({
        name: 'ResourceNotFoundException',
        message: `The specified log group does not exist: ${missing}`,
      });
    });

    test('an unknown evaluationFrequency', async () => {
      expect(await errorOf(create({ evaluationFrequency: 'TWO_MIN' as never }))).toEqual({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'TWO_MIN' at 'evaluationFrequency' failed to satisfy constraint: Member must satisfy enum value set: [ONE_MIN, FIVE_MIN, TEN_MIN, FIFTEEN_MIN, THIRTY_MIN, ONE_HOUR]",
      });
    });

    test.each([
      [6, 'greater than or equal to 7'],
      [91, 'less than or equal to 90'],
    ])('anomalyVisibilityTime %i is out of range', async (days, rule) => {
      expect(await errorOf(create({ anomalyVisibilityTime: days }))).toEqual({
        name: 'InvalidParameterException',
        message: `1 validation error detected: Value '${days}' at 'anomalyVisibilityTime' failed to satisfy constraint: Member must have value ${rule}`,
      });
    });
  });

  describe('unknown detectors', () => {
    const unknown = () => `arn:${logGroup.scope.partition}:logs:${env.region}:${logGroup.scope.account}:anomaly-detector:00000000-0000-0000-0000-000000000000`;
    const notFound = () => ({ name: 'ResourceNotFoundException', message: `The specified anomaly detector does not exist: ${unknown()}` });

    test('Get', async () => {
      expect(await errorOf(get(unknown()))).toEqual(notFound());
    });

    test('Update', async () => {
      expect(await errorOf(home.logs.send(new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: unknown(), enabled: true })))).toEqual(notFound());
    });

    test('Delete', async () => {
      expect(await errorOf(home.logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn: unknown() })))).toEqual(notFound());
    });

    test('ListAnomalies and UpdateAnomaly', async () => {
      expect(await errorOf(home.logs.send(new ListAnomaliesCommand({ anomalyDetectorArn: unknown() })))).toEqual(notFound());
      expect(await errorOf(home.logs.send(new UpdateAnomalyCommand({ anomalyDetectorArn: unknown(), anomalyId: 'a'.repeat(36) })))).toEqual(notFound());
    });
  });

  describe('UpdateLogAnomalyDetector', () => {
    test('pauses and resumes, changes frequency and visibility', async () => {
      const arn = await create();
      const created = await get(arn);
      await home.logs.send(
        new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: arn, enabled: false, evaluationFrequency: 'ONE_HOUR', anomalyVisibilityTime: 30 }),
      );
      const paused = await get(arn);
      expect(paused).toMatchObject({ anomalyDetectorStatus: 'PAUSED', evaluationFrequency: 'ONE_HOUR', anomalyVisibilityTime: 30 });
      expect(paused.creationTimeStamp).toBe(created.creationTimeStamp);
      expect(paused.lastModifiedTimeStamp).toBeGreaterThanOrEqual(created.lastModifiedTimeStamp!);

      await home.logs.send(new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: arn, enabled: true }));
      expect((await get(arn)).anomalyDetectorStatus).toBe('TRAINING');
    });

    test('requires enabled', async () => {
      const arn = await create();
      expect(await errorOf(home.logs.send(new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: arn } as never)))).toEqual({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'enabled' failed to satisfy constraint: Member must not be null",
      });
    });

    test('a kmsKeyId member in the request (the model has none) does not change the key', async () => {
      const [key, otherKey] = [await createKey(account), await createKey(account)];
      const arn = await create({ kmsKeyId: key.Arn });
      const update = new UpdateLogAnomalyDetectorCommand({ anomalyDetectorArn: arn, enabled: true });
      // The SDK drops members its model lacks; add kmsKeyId to the JSON body before it is
      // signed, with a change the gateway must apply, to show the body arrived as written.
      update.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { body: Uint8Array | string };
          const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
          request.body = JSON.stringify({ ...JSON.parse(body), kmsKeyId: otherKey.Arn, evaluationFrequency: 'ONE_HOUR' });
          return next(args);
        },
        { step: 'build', priority: 'high' },
      );
      await home.logs.send(update);
      expect(await get(arn)).toMatchObject({ evaluationFrequency: 'ONE_HOUR', kmsKeyId: key.Arn });
    });
  });

  describe('DeleteLogAnomalyDetector', () => {
    test('deletes: Get and a second Delete answer ResourceNotFoundException', async () => {
      const arn = await create();
      await home.logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn: arn }));
      expect((await errorOf(get(arn))).name).toBe('ResourceNotFoundException');
      expect((await errorOf(home.logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn: arn })))).name).toBe('ResourceNotFoundException');
    });
  });

  describe('tags', () => {
    test('round-trip: inline at creation, TagResource, UntagResource, ListTagsForResource', async () => {
      const arn = await create({ tags: { team: 'logs', stage: 'test' } });
      await home.logs.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'gateway' } }));
      await home.logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['stage'] }));
      const { tags } = await home.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      expect(tags).toEqual({ team: 'logs', owner: 'gateway' });
    });

    test('a 51st tag is TooManyTagsException', async () => {
      const arn = await create({ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) });
      expect(await errorOf(home.logs.send(new TagResourceCommand({ resourceArn: arn, tags: { one: 'more' } })))).toEqual({
        name: 'TooManyTagsException',
        message: 'A resource can have no more than 50 tags.',
      });
    });

    test("tags of a log group stay the backend's business", async () => {
      const group = await createLogGroup(home.logs);
      await home.logs.send(new TagResourceCommand({ resourceArn: group.arn, tags: { kept: 'by-backend' } }));
      const direct = logsClient({ endpoint: env.backendEndpoint });
      expect((await direct.send(new ListTagsForResourceCommand({ resourceArn: group.arn }))).tags).toEqual({ kept: 'by-backend' });
    });
  });

  describe('ListLogAnomalyDetectors', () => {
    test('pages with limit and nextToken, filtered by log group', async () => {
      const watched = await createLogGroup(home.logs);
      const arns = [];
      for (let i = 0; i < 3; i++) arns.push(await create({ logGroupArnList: [watched.arn] }));
      await create();

      const list = (nextToken?: string) => home.logs.send(new ListLogAnomalyDetectorsCommand({ filterLogGroupArn: watched.arn, limit: 2, nextToken }));
      const first = await list();
      const second = await list(first.nextToken);
      expect(first.anomalyDetectors?.map((d) => d.anomalyDetectorArn)).toEqual(arns.slice(0, 2));
      expect(second.anomalyDetectors?.map((d) => d.anomalyDetectorArn)).toEqual(arns.slice(2));
      expect(second.nextToken).toBeUndefined();
      expect(second.anomalyDetectors?.[0]).toMatchObject({ anomalyDetectorArn: arns[2], logGroupArnList: [watched.arn], anomalyDetectorStatus: 'TRAINING' });
    });

    test('limit 0 is out of range', async () => {
      expect(await errorOf(home.logs.send(new ListLogAnomalyDetectorsCommand({ limit: 0 })))).toEqual({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });
  });

  describe('anomalies', () => {
    test('ListAnomalies finds none; UpdateAnomaly has none to update', async () => {
      const arn = await create();
      expect((await home.logs.send(new ListAnomaliesCommand({ anomalyDetectorArn: arn }))).anomalies).toEqual([]);
      expect(await errorOf(home.logs.send(new UpdateAnomalyCommand({ anomalyDetectorArn: arn, anomalyId: 'a'.repeat(36), baseline: true })))).toEqual({
        name: 'ResourceNotFoundException',
        message: `The specified anomaly does not exist: ${'a'.repeat(36)}`,
      });
    });
  });

  describe('isolation', () => {
    test('a detector is invisible from another region', async () => {
      const arn = await create();
      const elsewhere = logsClient({ region: 'eu-west-1' });
      expect((await errorOf(get(arn, elsewhere))).name).toBe('ResourceNotFoundException');
      const { anomalyDetectors } = await elsewhere.send(new ListLogAnomalyDetectorsCommand({}));
      expect(anomalyDetectors?.map((d) => d.anomalyDetectorArn)).not.toContain(arn);
    });

    test('another account gets its own detectors, in its own ARNs, invisible from this one', async () => {
      const other = clientsFor({ credentials: await assumeRoleIn('210987654321') });
      const group = await createLogGroup(other.logs);
      expect(group.scope.account).toBe('210987654321');
      const key = await createKey({ ...other, scope: group.scope });

      const arn = await create({ logGroupArnList: [group.arn], kmsKeyId: key.Arn }, other.logs);
      expect(arn).toMatch(/^arn:aws:logs:[^:]+:210987654321:anomaly-detector:/);
      expect((await get(arn, other.logs)).kmsKeyId).toBe(key.Arn);
      expect((await errorOf(get(arn))).name).toBe('ResourceNotFoundException');
      // This account's log group is not the other account's to watch.
      expect((await errorOf(create({}, other.logs))).name).toBe('ResourceNotFoundException');
    });
  });
});
