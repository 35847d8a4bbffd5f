import { Caller, CreationChecks } from '../../../../localstack/anomaly-detector/creation-checks';
import { InvalidParameterException, ResourceNotFoundException } from '../../../../localstack/anomaly-detector/errors';
import { AnomalyDetectorOperations, isAnsweredOperation } from '../../../../localstack/anomaly-detector/operations';
import { DetectorStore, Scope } from '../../../../localstack/anomaly-detector/store';
import { accountRootOnlyKeyPolicy, documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { FakeBackendReader } from '../../support/fake-backend-reader';

const HOME: Scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const CALLER: Caller = { scope: HOME, accessKeyId: 'test' };

function setup() {
  const backend = new FakeBackendReader();
  const operations = new AnomalyDetectorOperations(new DetectorStore(() => 1_700_000_000_000), new CreationChecks(backend));
  const logGroup = backend.addLogGroup(HOME, '/app');
  const key = backend.addKey(HOME, documentedLogsKeyPolicy(HOME));
  const create = async (input: object = {}, caller: Caller = CALLER) =>
    ((await operations.call('CreateLogAnomalyDetector', { logGroupArnList: [logGroup], ...input }, caller)) as { anomalyDetectorArn: string })
      .anomalyDetectorArn;
  const call = (operation: Parameters<AnomalyDetectorOperations['call']>[0], input: object, caller: Caller = CALLER) =>
    operations.call(operation, input, caller) as Promise<Record<string, unknown>>;
  return { backend, operations, logGroup, key, create, call };
}

describe('AnomalyDetectorOperations', () => {
  test('answers the anomaly-detector operations and tagging; nothing else', () => {
    expect(['CreateLogAnomalyDetector', 'ListAnomalies', 'TagResource'].every(isAnsweredOperation)).toBe(true);
    expect(['DescribeLogGroups', 'AssociateKmsKey', 'toString', 'constructor'].some(isAnsweredOperation)).toBe(false);
  });

  test.each([
    ['TagResource', { tags: { a: '1' } }],
    ['UntagResource', { tagKeys: ['a'] }],
    ['ListTagsForResource', {}],
  ] as const)('answers %s for detector ARNs and requests the model refuses; forwards the rest', (operation, members) => {
    const { operations } = setup();
    expect(operations.answers(operation, { resourceArn: 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:x', ...members })).toBe(true);
    expect(operations.answers(operation, { resourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app', ...members })).toBe(false);
    expect(operations.answers(operation, members)).toBe(true);
    expect(operations.answers(operation, { resourceArn: 42, ...members })).toBe(true);
  });

  test('Create then Get: the detector as AWS describes it, kmsKeyId exactly as sent, no ARN in Get', async () => {
    const { create, call, key, logGroup } = setup();
    const arn = await create({ kmsKeyId: key, detectorName: 'd', filterPattern: 'ERROR' });
    expect(await call('GetLogAnomalyDetector', { anomalyDetectorArn: arn })).toStrictEqual({
      detectorName: 'd',
      logGroupArnList: [logGroup],
      filterPattern: 'ERROR',
      anomalyDetectorStatus: 'TRAINING',
      kmsKeyId: key,
      creationTimeStamp: 1_700_000_000_000,
      lastModifiedTimeStamp: 1_700_000_000_000,
      anomalyVisibilityTime: 21,
    });
  });

  test('Create without a key stores none, and Get has no kmsKeyId member', async () => {
    const { create, call } = setup();
    expect(await call('GetLogAnomalyDetector', { anomalyDetectorArn: await create() })).not.toHaveProperty('kmsKeyId');
  });

  test('Create with an unusable key or a missing log group stores nothing', async () => {
    const { create, call, backend } = setup();
    await expect(create({ kmsKeyId: backend.addKey(HOME, accountRootOnlyKeyPolicy(HOME)) })).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(create({ logGroupArnList: ['arn:aws:logs:us-east-1:123456789012:log-group:/missing'] })).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(await call('ListLogAnomalyDetectors', {})).toEqual({ anomalyDetectors: [] });
  });

  test('Update pauses, resumes and changes settings, and ignores a kmsKeyId member: the key stays', async () => {
    const { create, call, key, backend } = setup();
    const arn = await create({ kmsKeyId: key });
    const otherKey = backend.addKey(HOME, documentedLogsKeyPolicy(HOME));

    await call('UpdateLogAnomalyDetector', { anomalyDetectorArn: arn, enabled: false, evaluationFrequency: 'ONE_HOUR', kmsKeyId: otherKey });
    expect(await call('GetLogAnomalyDetector', { anomalyDetectorArn: arn })).toMatchObject({
      anomalyDetectorStatus: 'PAUSED',
      evaluationFrequency: 'ONE_HOUR',
      kmsKeyId: key,
    });
    await call('UpdateLogAnomalyDetector', { anomalyDetectorArn: arn, enabled: true, anomalyVisibilityTime: 90 });
    expect(await call('GetLogAnomalyDetector', { anomalyDetectorArn: arn })).toMatchObject({ anomalyDetectorStatus: 'TRAINING', anomalyVisibilityTime: 90 });
  });

  test('Update requires enabled', async () => {
    const { create, call } = setup();
    await expect(call('UpdateLogAnomalyDetector', { anomalyDetectorArn: await create() })).rejects.toThrow(
      "1 validation error detected: Value null at 'enabled' failed to satisfy constraint: Member must not be null",
    );
  });

  test.each(['GetLogAnomalyDetector', 'DeleteLogAnomalyDetector', 'ListTagsForResource'] as const)(
    '%s of an unknown detector is ResourceNotFoundException',
    async (operation) => {
      const { call } = setup();
      const arn = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:00000000-0000-0000-0000-000000000000';
      await expect(call(operation, { anomalyDetectorArn: arn, resourceArn: arn })).rejects.toThrow(
        new ResourceNotFoundException(`The specified anomaly detector does not exist: ${arn}`),
      );
    },
  );

  test('List pages with limit and nextToken, and filters by log group', async () => {
    const { create, call, backend } = setup();
    const other = backend.addLogGroup(HOME, '/other');
    const arns = [await create(), await create({ logGroupArnList: [other] }), await create(), await create()];
    const arnsOf = (page: Record<string, unknown>) => (page.anomalyDetectors as Array<{ anomalyDetectorArn: string }>).map((d) => d.anomalyDetectorArn);

    const first = await call('ListLogAnomalyDetectors', { limit: 3 });
    expect(arnsOf(first)).toEqual(arns.slice(0, 3));
    const second = await call('ListLogAnomalyDetectors', { limit: 3, nextToken: first.nextToken });
    expect(arnsOf(second)).toEqual(arns.slice(3));
    expect(second).not.toHaveProperty('nextToken');
    expect(arnsOf(await call('ListLogAnomalyDetectors', { filterLogGroupArn: other }))).toEqual([arns[1]]);
  });

  test('List refuses a nextToken it did not issue', async () => {
    const { call } = setup();
    await expect(call('ListLogAnomalyDetectors', { nextToken: 'bogus' })).rejects.toThrow(
      new InvalidParameterException('The specified nextToken is not valid: bogus'),
    );
  });

  test('ListAnomalies finds none; for an unknown detector it is ResourceNotFoundException', async () => {
    const { create, call } = setup();
    expect(await call('ListAnomalies', { anomalyDetectorArn: await create() })).toEqual({ anomalies: [] });
    await expect(call('ListAnomalies', { anomalyDetectorArn: 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:gone' })).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test('UpdateAnomaly: there is never an anomaly to update', async () => {
    const { create, call } = setup();
    const arn = await create();
    await expect(call('UpdateAnomaly', { anomalyDetectorArn: arn, anomalyId: 'a'.repeat(36), baseline: true })).rejects.toThrow(
      new ResourceNotFoundException(`The specified anomaly does not exist: ${'a'.repeat(36)}`),
    );
    await expect(call('UpdateAnomaly', { anomalyDetectorArn: arn })).rejects.toThrow(
      new InvalidParameterException('Either anomalyId or patternId must be specified.'),
    );
  });

  test('tags round-trip through Create, TagResource, UntagResource and ListTagsForResource', async () => {
    const { create, call } = setup();
    const arn = await create({ tags: { a: '1' } });
    await call('TagResource', { resourceArn: arn, tags: { b: '2' } });
    await call('UntagResource', { resourceArn: arn, tagKeys: ['a'] });
    expect(await call('ListTagsForResource', { resourceArn: arn })).toEqual({ tags: { b: '2' } });
  });

  test('a detector is invisible from another account and another region', async () => {
    const { create, call } = setup();
    const arn = await create();
    for (const scope of [
      { ...HOME, account: '210987654321' },
      { ...HOME, region: 'eu-west-1' },
    ]) {
      await expect(call('GetLogAnomalyDetector', { anomalyDetectorArn: arn }, { scope, accessKeyId: 'other' })).rejects.toBeInstanceOf(
        ResourceNotFoundException,
      );
    }
  });
});
