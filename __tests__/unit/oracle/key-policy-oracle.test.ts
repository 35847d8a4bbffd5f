import { KMSClient } from '@aws-sdk/client-kms';
import { main } from '../../../cli/main';
import { CreationChecks } from '../../../localstack/anomaly-detector/creation-checks';
import { InvalidParameterException } from '../../../localstack/anomaly-detector/errors';
import { evaluateKeyPolicy, UnsupportedPolicyError } from '../../../modules/key-policy-evaluator';
import { verifyKeyPolicy } from '../../../testing/verify-deployment';
import { KEY_POLICY_ORACLE, ORACLE_DETECTOR, ORACLE_KEY, ORACLE_SCOPE, OracleRow } from '../../fixtures/key-policy-oracle';
import { CannedAwsHttp } from '../support/canned-aws-http';
import { FakeBackendReader } from '../support/fake-backend-reader';

// Every row of the oracle, put to each thing that judges key policies: the product's evaluator,
// `key-policy check`, the verifier users run after a deploy, and the local AWS's own rules.

const judged = KEY_POLICY_ORACLE.filter((row) => row.productJudges !== false);
const unjudged = KEY_POLICY_ORACLE.filter((row) => row.productJudges === false);
const named = (rows: readonly OracleRow[]) => rows.map((row) => [row.name, row] as const);

/** The request CloudWatch Logs makes, written out: its regional principal, the detector as context and source. */
const logsCall = (action: string, contextKey = 'kms:EncryptionContext:aws:logs:arn') => ({
  principal: { service: 'logs.us-east-1.amazonaws.com' },
  action,
  resource: ORACLE_KEY,
  context: { [contextKey]: ORACLE_DETECTOR, 'aws:SourceArn': ORACLE_DETECTOR, 'aws:SourceAccount': '123456789012' },
});

/** Every call the guide's policy grants, each under its context key (the oracle's `everyGuideCall`). */
const GUIDE_CALLS = [
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'].map((a) => logsCall(a)),
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:DescribeKey'].map((a) =>
    logsCall(a, 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn'),
  ),
];

const answerOf = (decisions: string[]) => (decisions.every((d) => d === 'allow') ? 'allow' : 'deny');

describe("the product's evaluator answers as AWS does", () => {
  test.each(named(judged))('%s: detector data', (_, row) => {
    const decisions = ['kms:GenerateDataKey', 'kms:Decrypt'].map((a) => evaluateKeyPolicy(JSON.stringify(row.policy), logsCall(a)).decision);
    expect(answerOf(decisions)).toBe(row.detectorData);
  });

  test.each(named(judged))('%s: every call the guide grants', (_, row) => {
    const decisions = GUIDE_CALLS.map((call) => evaluateKeyPolicy(JSON.stringify(row.policy), call).decision);
    expect(answerOf(decisions)).toBe(row.everyGuideCall);
  });

  test.each(named(unjudged))('%s: refused as not implemented, not guessed', (_, row) => {
    expect(() => evaluateKeyPolicy(JSON.stringify(row.policy), logsCall('kms:Decrypt'))).toThrow(UnsupportedPolicyError);
  });
});

async function keyPolicyCheck(policy: object) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), readStdin: () => JSON.stringify(policy), env: {}, cwd: __dirname };
  const code = await main(['key-policy', 'check', '--region', ORACLE_SCOPE.region, '--account', ORACLE_SCOPE.account], io);
  return { code, stdout, stderr };
}

describe('key-policy check answers as AWS does for every call the guide grants', () => {
  test.each(named(judged))('%s', async (_, row) => {
    const { code, stdout, stderr } = await keyPolicyCheck(row.policy);
    const verdict = stdout
      .split('\n')
      .find((line) => /^(OK|MISSING):/.test(line))
      ?.split(':')[0];
    expect({ code, verdict, stderr }).toEqual(
      row.everyGuideCall === 'allow' ? { code: 0, verdict: 'OK', stderr: '' } : { code: 1, verdict: 'MISSING', stderr: '' },
    );
  });

  test.each(named(unjudged))('%s: exit 2, saying the policy cannot be checked', async (_, row) => {
    const { code, stdout, stderr } = await keyPolicyCheck(row.policy);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.startsWith('key-policy: the policy cannot be checked: ')).toBe(true);
  });
});

describe('verifyKeyPolicy (the harness, after a deploy) answers as AWS does for the detector data', () => {
  test.each(named(judged))('%s', async (_, row) => {
    const http = new CannedAwsHttp((operation) =>
      operation === 'GetKeyPolicy'
        ? { body: { Policy: JSON.stringify(row.policy), PolicyName: 'default' } }
        : { body: { KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: ORACLE_KEY, KeyState: 'Enabled' } } },
    );
    const verification = await verifyKeyPolicy(new KMSClient(http.clientConfig()), ORACLE_KEY, ORACLE_DETECTOR);
    expect(verification.ok).toBe(row.detectorData === 'allow');
    expect(http.operations().sort()).toEqual(['DescribeKey', 'GetKeyPolicy']);
  });
});

describe("the local AWS's own rules answer as AWS does at CreateLogAnomalyDetector", () => {
  test.each(named(KEY_POLICY_ORACLE))('%s', async (_, row) => {
    const backend = new FakeBackendReader();
    const keyArn = backend.addKey(ORACLE_SCOPE, JSON.stringify(row.policy));
    const check = new CreationChecks(backend).checkKey({ scope: ORACLE_SCOPE, accessKeyId: 'test' }, keyArn, ORACLE_DETECTOR);
    if (row.detectorData === 'allow') await expect(check).resolves.toBeUndefined();
    else {
      const error = await check.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidParameterException);
      // Refused by a judgement, not because the rules could not judge.
      expect((error as Error).message).toContain(`${keyArn} has a key policy that does not let logs.us-east-1.amazonaws.com call kms:`);
    }
  });
});
