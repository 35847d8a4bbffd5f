import { ResourceNotFoundException, TooManyTagsException } from '../../../../localstack/anomaly-detector/errors';
import { DEFAULT_ANOMALY_VISIBILITY_DAYS, DetectorStore, Scope } from '../../../../localstack/anomaly-detector/store';

const HOME: Scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const OTHER_REGION: Scope = { ...HOME, region: 'eu-west-1' };
const OTHER_ACCOUNT: Scope = { ...HOME, account: '210987654321' };
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/app';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function storeAt(times: number[]): DetectorStore {
  return new DetectorStore(() => times.shift() ?? 0);
}

describe('DetectorStore', () => {
  test('gives detector ARNs of the scope: arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:UUID', () => {
    const store = new DetectorStore();
    expect(store.newArn(HOME)).toMatch(/^arn:aws:logs:us-east-1:123456789012:anomaly-detector:[0-9a-f-]{36}$/);
    expect(store.newArn({ partition: 'aws-cn', region: 'cn-north-1', account: HOME.account })).toMatch(/^arn:aws-cn:logs:cn-north-1:/);
  });

  test('creates a detector as AWS returns it: TRAINING, 21 days, key as sent, unset members absent', () => {
    const store = storeAt([1000]);
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP], kmsKeyId: KEY });
    expect(store.get(HOME, arn)).toStrictEqual({
      anomalyDetectorArn: arn,
      logGroupArnList: [LOG_GROUP],
      anomalyDetectorStatus: 'TRAINING',
      kmsKeyId: KEY,
      creationTimeStamp: 1000,
      lastModifiedTimeStamp: 1000,
      anomalyVisibilityTime: DEFAULT_ANOMALY_VISIBILITY_DAYS,
    });
  });

  test('hands out copies: changing one changes nothing stored', () => {
    const store = new DetectorStore();
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP] });
    store.get(HOME, arn).logGroupArnList.push('arn:aws:logs:us-east-1:123456789012:log-group:/other');
    expect(store.get(HOME, arn).logGroupArnList).toEqual([LOG_GROUP]);
  });

  test('keeps each account and region apart', () => {
    const store = new DetectorStore();
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP] });
    for (const scope of [OTHER_REGION, OTHER_ACCOUNT]) {
      expect(() => store.get(scope, arn)).toThrow(ResourceNotFoundException);
      expect(store.list(scope)).toEqual([]);
    }
  });

  test('update changes status, frequency, pattern and visibility, keeps the key and the creation time', () => {
    const store = storeAt([1000, 2000, 3000]);
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP], kmsKeyId: KEY, evaluationFrequency: 'ONE_HOUR', filterPattern: 'ERROR' });

    expect(store.update(HOME, arn, { enabled: false, evaluationFrequency: 'FIVE_MIN', anomalyVisibilityTime: 30 })).toMatchObject({
      anomalyDetectorStatus: 'PAUSED',
      evaluationFrequency: 'FIVE_MIN',
      filterPattern: 'ERROR',
      anomalyVisibilityTime: 30,
      kmsKeyId: KEY,
      creationTimeStamp: 1000,
      lastModifiedTimeStamp: 2000,
    });
    expect(store.update(HOME, arn, { enabled: true }).anomalyDetectorStatus).toBe('TRAINING');
  });

  test('lists in creation order, from a position, and by watched log group', () => {
    const store = new DetectorStore();
    const arns = ['/a', '/b', '/a'].map((group) => {
      const arn = store.newArn(HOME);
      store.create(HOME, arn, { logGroupArnList: [`arn:aws:logs:us-east-1:123456789012:log-group:${group}`] });
      return arn;
    });
    const listed = (options?: Parameters<DetectorStore['list']>[1]) => store.list(HOME, options).map((d) => d.anomalyDetectorArn);

    expect(listed()).toEqual(arns);
    expect(listed({ after: store.positionOf(HOME, arns[0]) })).toEqual(arns.slice(1));
    expect(listed({ logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/a' })).toEqual([arns[0], arns[2]]);
  });

  test('delete removes the detector and its tags; a second delete is ResourceNotFoundException', () => {
    const store = new DetectorStore();
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP], tags: { a: '1' } });
    store.delete(HOME, arn);
    expect(() => store.get(HOME, arn)).toThrow(`The specified anomaly detector does not exist: ${arn}`);
    expect(() => store.tagsOf(HOME, arn)).toThrow(ResourceNotFoundException);
    expect(() => store.delete(HOME, arn)).toThrow(ResourceNotFoundException);
  });

  test('tags: created inline, merged, removed by key', () => {
    const store = new DetectorStore();
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP], tags: { a: '1', b: '2' } });
    store.tag(HOME, arn, { b: '3', c: '4' });
    store.untag(HOME, arn, ['a', 'missing']);
    expect(store.tagsOf(HOME, arn)).toEqual({ b: '3', c: '4' });
  });

  test('refuses a 51st tag with TooManyTagsException', () => {
    const store = new DetectorStore();
    const arn = store.newArn(HOME);
    store.create(HOME, arn, { logGroupArnList: [LOG_GROUP], tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) });
    const tag = () => store.tag(HOME, arn, { one: 'more' });
    expect(tag).toThrow(TooManyTagsException);
    expect(tag).toThrow(new TooManyTagsException('A resource can have no more than 50 tags.', arn));
  });
});
