import {
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DeleteLogAnomalyDetectorCommand,
  DeleteLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { assertDetectorUsesKey, assertKeyServesDetector } from '../../testing/assertions';
import { kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { verifyAssociation, verifyKeyPolicy } from '../../testing/verify-deployment';
import { KEY_POLICY_ORACLE, ORACLE_SCOPE } from '../fixtures/key-policy-oracle';
import { uniqueName } from './support/unique-name';

// The verifiers users run after a deploy, against what the local AWS really holds: a detector
// on key A, then key B, a root-only key, a disabled key and a key pending deletion. Each must
// fail with its message; the passing case shows the same setup is not failing by itself.
describe('verifiers against the local AWS fail on what they exist to catch', () => {
  const options = { region: ORACLE_SCOPE.region, credentials: { accessKeyId: ORACLE_SCOPE.account, secretAccessKey: localAwsEnv().secretAccessKey } };
  const logs = logsClient(options);
  const kms = kmsClient(options);
  const policyOf = (name: string) => JSON.stringify(KEY_POLICY_ORACLE.find((row) => row.name.startsWith(name))!.policy);
  const guidePolicy = policyOf("the guide's policy as shown today");
  const logGroupName = `/${uniqueName('verifiers')}`;
  const keyIds: string[] = [];
  let detectorArn = '';
  let keyA = '';

  async function key(policy: string): Promise<{ id: string; arn: string }> {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: policy }));
    keyIds.push(KeyMetadata!.KeyId!);
    return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
  }

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    keyA = (await key(guidePolicy)).arn;
    const logGroupArn = `arn:aws:logs:${ORACLE_SCOPE.region}:${ORACLE_SCOPE.account}:log-group:${logGroupName}`;
    ({ anomalyDetectorArn: detectorArn = '' } = await logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [logGroupArn], kmsKeyId: keyA })));
  });
  afterAll(async () => {
    await logs.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName }));
    for (const KeyId of keyIds) await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  });

  test('pass on the key the detector was made with', async () => {
    await expect(assertDetectorUsesKey(logs, detectorArn, keyA)).resolves.toBeUndefined();
    await expect(assertKeyServesDetector(kms, keyA, detectorArn)).resolves.toBeUndefined();
  });

  test('the association fails on a key the detector does not hold', async () => {
    const { arn: keyB } = await key(guidePolicy);
    expect(await verifyAssociation(logs, detectorArn, keyB)).toEqual({
      check: 'association',
      ok: false,
      detail: `GetLogAnomalyDetector.kmsKeyId is ${keyA}, expected ${keyB}`,
    });
    await expect(assertDetectorUsesKey(logs, detectorArn, keyB)).rejects.toThrow(`detector ${detectorArn} does not use key ${keyB}: `);
  });

  test('the key check fails on a root-only policy', async () => {
    const { arn } = await key(policyOf("KMS's default key policy"));
    const verification = await verifyKeyPolicy(kms, arn, detectorArn);
    expect(verification.ok).toBe(false);
    await expect(assertKeyServesDetector(kms, arn, detectorArn)).rejects.toThrow(`key ${arn} cannot serve detector ${detectorArn}: ${verification.detail}`);
  });

  test('the key check fails on a disabled key', async () => {
    const { id, arn } = await key(guidePolicy);
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    expect(await verifyKeyPolicy(kms, arn, detectorArn)).toEqual({ check: 'key policy', ok: false, detail: 'key state is Disabled' });
    await expect(assertKeyServesDetector(kms, arn, detectorArn)).rejects.toThrow(
      new Error(`key ${arn} cannot serve detector ${detectorArn}: key state is Disabled`),
    );
  });

  test('the key check fails on a key pending deletion', async () => {
    const { id, arn } = await key(guidePolicy);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    keyIds.splice(keyIds.indexOf(id), 1);
    expect(await verifyKeyPolicy(kms, arn, detectorArn)).toEqual({ check: 'key policy', ok: false, detail: 'key state is PendingDeletion' });
    await expect(assertKeyServesDetector(kms, arn, detectorArn)).rejects.toThrow(
      new Error(`key ${arn} cannot serve detector ${detectorArn}: key state is PendingDeletion`),
    );
  });
});
