import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { assertDetectorUsesKey, assertKeyServesDetector } from '../../../testing/assertions';
import { verifyAssociation, verifyKeyPolicy, verifyLogGroupEncryption } from '../../../testing/verify-deployment';
import { KEY_POLICY_ORACLE } from '../../fixtures/key-policy-oracle';
import { CannedAnswer, CannedAwsHttp } from '../support/canned-aws-http';

// The verifiers ship to users: each is shown to fail, with its message, on what it exists to
// catch. AWS is answered at the HTTP layer, so the SDK's own deserializers read the answers.
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab';
const DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666';
const row = (name: string) => KEY_POLICY_ORACLE.find((r) => r.name.startsWith(name))!.policy;
const GUIDE_POLICY = JSON.stringify(row("the guide's policy as shown today"));
const ROOT_ONLY = JSON.stringify(row("KMS's default key policy"));
const OK_DETAIL = `logs.us-east-1.amazonaws.com may call kms:GenerateDataKey and kms:Decrypt for ${DETECTOR}`;

function kmsAnswering(policy: string, keyState = 'Enabled') {
  return new CannedAwsHttp((operation): CannedAnswer => {
    if (operation === 'GetKeyPolicy') return { body: { Policy: policy, PolicyName: 'default' } };
    if (operation === 'DescribeKey') return { body: { KeyMetadata: { KeyId: KEY.split('/')[1], Arn: KEY, KeyState: keyState } } };
    return { error: 'UnsupportedOperationException', message: operation };
  });
}

function logsAnswering(answer: (operation: string) => CannedAnswer) {
  return new CloudWatchLogsClient(new CannedAwsHttp(answer).clientConfig());
}

describe('verifyKeyPolicy and assertKeyServesDetector', () => {
  test("pass on the guide's policy and an enabled key", async () => {
    const kms = new KMSClient(kmsAnswering(GUIDE_POLICY).clientConfig());
    expect(await verifyKeyPolicy(kms, KEY, DETECTOR)).toEqual({ check: 'key policy', ok: true, detail: OK_DETAIL });
    await expect(assertKeyServesDetector(kms, KEY, DETECTOR)).resolves.toBeUndefined();
  });

  test('fail on a root-only policy, naming both calls CloudWatch Logs cannot make', async () => {
    const kms = new KMSClient(kmsAnswering(ROOT_ONLY).clientConfig());
    const verification = await verifyKeyPolicy(kms, KEY, DETECTOR);
    expect(verification.ok).toBe(false);
    expect(verification.detail.split('; ')).toHaveLength(2);
    expect(verification.detail).toContain('kms:GenerateDataKey');
    expect(verification.detail).toContain('kms:Decrypt');
    await expect(assertKeyServesDetector(kms, KEY, DETECTOR)).rejects.toThrow(`key ${KEY} cannot serve detector ${DETECTOR}: ${verification.detail}`);
  });

  test.each(['Disabled', 'PendingDeletion'])('fail on a %s key whose policy is sufficient', async (state) => {
    const kms = new KMSClient(kmsAnswering(GUIDE_POLICY, state).clientConfig());
    expect(await verifyKeyPolicy(kms, KEY, DETECTOR)).toEqual({ check: 'key policy', ok: false, detail: `key state is ${state}` });
    await expect(assertKeyServesDetector(kms, KEY, DETECTOR)).rejects.toThrow(new Error(`key ${KEY} cannot serve detector ${DETECTOR}: key state is ${state}`));
  });

  test("fail when GetKeyPolicy is refused: the SDK's error reaches the caller", async () => {
    const http = new CannedAwsHttp(() => ({ error: 'NotFoundException', message: `Key '${KEY}' does not exist` }));
    const error = await verifyKeyPolicy(new KMSClient(http.clientConfig()), KEY, DETECTOR).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'NotFoundException', message: `Key '${KEY}' does not exist` });
  });
});

describe('verifyAssociation and assertDetectorUsesKey', () => {
  const holding = (kmsKeyId?: string) => logsAnswering(() => ({ body: { anomalyDetectorArn: DETECTOR, ...(kmsKeyId ? { kmsKeyId } : {}) } }));

  test('pass when GetLogAnomalyDetector holds the key', async () => {
    expect(await verifyAssociation(holding(KEY), DETECTOR, KEY)).toEqual({
      check: 'association',
      ok: true,
      detail: `GetLogAnomalyDetector.kmsKeyId is ${KEY}`,
    });
  });

  test('fail on another key', async () => {
    expect(await verifyAssociation(holding(OTHER_KEY), DETECTOR, KEY)).toEqual({
      check: 'association',
      ok: false,
      detail: `GetLogAnomalyDetector.kmsKeyId is ${OTHER_KEY}, expected ${KEY}`,
    });
    await expect(assertDetectorUsesKey(holding(OTHER_KEY), DETECTOR, KEY)).rejects.toThrow(
      new Error(`detector ${DETECTOR} does not use key ${KEY}: GetLogAnomalyDetector.kmsKeyId is ${OTHER_KEY}, expected ${KEY}`),
    );
  });

  test('fail on a detector with no key', async () => {
    expect((await verifyAssociation(holding(), DETECTOR, KEY)).detail).toBe(`GetLogAnomalyDetector.kmsKeyId is absent, expected ${KEY}`);
    await expect(assertDetectorUsesKey(holding(), DETECTOR, KEY)).rejects.toThrow(`detector ${DETECTOR} does not use key ${KEY}`);
  });
});

describe('verifyLogGroupEncryption', () => {
  const group = (name: string, kmsKeyId?: string) => ({ logGroupName: name, logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*`, kmsKeyId });
  const describing = (...groups: object[]) => logsAnswering(() => ({ body: { logGroups: groups } }));

  test('passes when every log group holds the key and the policy serves it', async () => {
    const logGroupPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        row("KMS's default key policy").Statement[0],
        {
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:/app' } },
        },
      ],
    });
    const kms = new KMSClient(kmsAnswering(logGroupPolicy).clientConfig());
    expect((await verifyLogGroupEncryption(describing(group('/app', KEY)), kms, ['/app'], KEY)).ok).toBe(true);
  });

  test('fails naming a log group on another key, one missing, and a policy that does not serve them', async () => {
    const kms = new KMSClient(kmsAnswering(ROOT_ONLY).clientConfig());
    const verification = await verifyLogGroupEncryption(describing(group('/app', OTHER_KEY)), kms, ['/app', '/gone'], KEY);
    expect(verification.ok).toBe(false);
    const problems = verification.detail.split('; ');
    expect(problems[0]).toBe(`DescribeLogGroups.kmsKeyId of /app is ${OTHER_KEY}, expected ${KEY}`);
    expect(problems.filter((p) => p.startsWith('/app: '))).toHaveLength(2);
    expect(problems).toContain('log group /gone not found');
  });
});
