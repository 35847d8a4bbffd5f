import {
  LOGS_ARN_CONTEXT_KEY as PRODUCT_LOGS_ARN_CONTEXT_KEY,
  LOGS_DATA_KEY_ACTIONS,
  logsServicePrincipal as productPrincipal,
} from '../../../../modules/aws/cloudwatch-logs';
import {
  Caller,
  CreationChecks,
  LOGS_ARN_CONTEXT_KEY,
  logsServicePrincipal as emulatorPrincipal,
  REQUIRED_KEY_ACTIONS,
} from '../../../../localstack/anomaly-detector/creation-checks';
import { InvalidParameterException, ResourceNotFoundException } from '../../../../localstack/anomaly-detector/errors';
import { Scope } from '../../../../localstack/anomaly-detector/store';
import { accountRootOnlyKeyPolicy, contextOnlyLogsKeyPolicy, documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { FakeBackendReader } from '../../support/fake-backend-reader';

const HOME: Scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
/** Another account, which holds keys the detector's account may be allowed to use. */
const KEY_ACCOUNT = '210987654321';
const CALLER: Caller = { scope: HOME, accessKeyId: 'test' };
const DETECTOR = 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666';
const UNUSABLE = `The specified KMS key does not exist or is not allowed to be used with Arn '${DETECTOR}': key `;

/** A key policy parsed to be edited; the statements stay plain JSON objects. */
interface EditablePolicy {
  Statement: Array<Record<string, unknown>>;
}

function setup() {
  const backend = new FakeBackendReader();
  return { backend, checks: new CreationChecks(backend) };
}

async function keyError(checks: CreationChecks, keyArn: string, caller: Caller = CALLER): Promise<Error> {
  const error = await checks.checkKey(caller, keyArn, DETECTOR).then(
    () => new Error('expected the key to be refused'),
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(InvalidParameterException);
  return error;
}

/** What the checks say of a key whose policy grants CloudWatch Logs nothing for `DETECTOR`. */
const noStatementAllowsGenerateDataKey = (arn: string) =>
  `${UNUSABLE}${arn} has a key policy that does not let logs.us-east-1.amazonaws.com call kms:GenerateDataKey with kms:EncryptionContext:aws:logs:arn = ${DETECTOR}: no statement allows it`;

describe('CreationChecks.checkKey', () => {
  test.each([
    ['the policy the guide shows today', documentedLogsKeyPolicy(HOME)],
    ['the encryption-context-only policy', contextOnlyLogsKeyPolicy(HOME)],
  ])('accepts an enabled symmetric key of the region and account with %s', async (_, policy) => {
    const { backend, checks } = setup();
    await expect(checks.checkKey(CALLER, backend.addKey(HOME, policy), DETECTOR)).resolves.toBeUndefined();
  });

  test('refuses a key that does not exist', async () => {
    const { checks } = setup();
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/99999999-aaaa-bbbb-cccc-dddddddddddd';
    expect((await keyError(checks, arn)).message).toBe(`${UNUSABLE}${arn} does not exist`);
  });

  test.each([
    ['Disabled', 'is disabled (KeyState Disabled); it must be Enabled'],
    ['PendingDeletion', 'is pending deletion (KeyState PendingDeletion); it must be Enabled'],
  ])('refuses a key in state %s', async (KeyState, why) => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, documentedLogsKeyPolicy(HOME), { KeyState });
    expect((await keyError(checks, arn)).message).toBe(`${UNUSABLE}${arn} ${why}`);
  });

  test.each([
    ['RSA_2048', 'ENCRYPT_DECRYPT'],
    ['HMAC_256', 'GENERATE_VERIFY_MAC'],
  ])('refuses a %s key: CloudWatch Logs supports only symmetric encryption keys', async (KeySpec, KeyUsage) => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, documentedLogsKeyPolicy(HOME), { KeySpec, KeyUsage });
    expect((await keyError(checks, arn)).message).toBe(
      `${UNUSABLE}${arn} is not a symmetric encryption key (KeySpec ${KeySpec}, KeyUsage ${KeyUsage}); CloudWatch Logs supports only symmetric keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`,
    );
  });

  test('takes a missing KeyUsage as ENCRYPT_DECRYPT, the default moto leaves out', async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, documentedLogsKeyPolicy(HOME), { KeyUsage: undefined });
    await expect(checks.checkKey(CALLER, arn, DETECTOR)).resolves.toBeUndefined();
  });

  test.each([
    ['region', { ...HOME, region: 'eu-west-1' }],
    ['region and account', { ...HOME, region: 'eu-west-1', account: KEY_ACCOUNT }],
  ])('refuses a key of another %s before reading it', async (_, keyScope) => {
    const { backend, checks } = setup();
    const arn = backend.addKey(keyScope, documentedLogsKeyPolicy(HOME));
    expect((await keyError(checks, arn)).message).toBe(`${UNUSABLE}${arn} is in region eu-west-1, not in the detector's region us-east-1`);
  });

  test('refuses a key whose policy has no statement for CloudWatch Logs', async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, accountRootOnlyKeyPolicy(HOME));
    expect((await keyError(checks, arn)).message).toBe(noStatementAllowsGenerateDataKey(arn));
  });

  test('refuses a key whose policy allows GenerateDataKey but not Decrypt', async () => {
    const { backend, checks } = setup();
    const policy = JSON.parse(contextOnlyLogsKeyPolicy(HOME)) as EditablePolicy;
    policy.Statement[1].Action = ['kms:GenerateDataKey*'];
    const arn = backend.addKey(HOME, JSON.stringify(policy));
    expect((await keyError(checks, arn)).message).toMatch(/does not let logs\.us-east-1\.amazonaws\.com call kms:Decrypt .*: no statement allows it$/);
  });

  test('names the statement that explicitly denies', async () => {
    const { backend, checks } = setup();
    const policy = JSON.parse(documentedLogsKeyPolicy(HOME)) as EditablePolicy;
    policy.Statement.push({ Sid: 'NoLogs', Effect: 'Deny', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: 'kms:*', Resource: '*' });
    const arn = backend.addKey(HOME, JSON.stringify(policy));
    expect((await keyError(checks, arn)).message).toMatch(/call kms:GenerateDataKey .*: statement NoLogs denies it$/);
  });

  test('refuses a policy written for detectors of another account', async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, documentedLogsKeyPolicy({ ...HOME, account: '210987654321' }));
    expect((await keyError(checks, arn)).message).toMatch(/has a key policy that does not let .*: no statement allows it$/);
  });

  test('says so when the policy uses what the evaluator cannot judge', async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(HOME, JSON.stringify({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' }] }));
    expect((await keyError(checks, arn)).message).toMatch(/has a key policy this local emulator cannot evaluate \(.+\); AWS may accept it$/);
  });

  test('uses the China partition principal in aws-cn', async () => {
    const china: Scope = { partition: 'aws-cn', region: 'cn-north-1', account: HOME.account };
    expect(emulatorPrincipal(china)).toBe('logs.cn-north-1.amazonaws.com.cn');
    const { backend, checks } = setup();
    const arn = backend.addKey(china, documentedLogsKeyPolicy(china));
    const detector = 'arn:aws-cn:logs:cn-north-1:123456789012:anomaly-detector:5f2c1a90-1111-2222-3333-444455556666';
    await expect(checks.checkKey({ scope: china, accessKeyId: 'test' }, arn, detector)).resolves.toBeUndefined();
  });
});

describe('CreationChecks.checkKey, for a key of another account', () => {
  const keyScope: Scope = { ...HOME, account: KEY_ACCOUNT };

  test("accepts it when its policy lets CloudWatch Logs use it for the detector's account", async () => {
    const { backend, checks } = setup();
    // The key's account holds it; its policy names the detectors of the caller's account.
    const arn = backend.addKey(keyScope, documentedLogsKeyPolicy(HOME));
    await expect(checks.checkKey(CALLER, arn, DETECTOR)).resolves.toBeUndefined();
  });

  test("refuses it when its policy serves only its own account's detectors, naming the action and the detector", async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(keyScope, documentedLogsKeyPolicy(keyScope));
    expect((await keyError(checks, arn)).message).toBe(noStatementAllowsGenerateDataKey(arn));
  });

  test('says it does not exist when that account holds no such key', async () => {
    const { backend, checks } = setup();
    // The same key id in the caller's account does not stand in for it.
    const homeKey = backend.addKey(HOME, documentedLogsKeyPolicy(HOME));
    const arn = homeKey.replace(HOME.account, KEY_ACCOUNT);
    expect((await keyError(checks, arn)).message).toBe(`${UNUSABLE}${arn} does not exist`);
  });

  test('refuses it when it is disabled, as a key of the same account', async () => {
    const { backend, checks } = setup();
    const arn = backend.addKey(keyScope, documentedLogsKeyPolicy(HOME), { KeyState: 'Disabled' });
    expect((await keyError(checks, arn)).message).toBe(`${UNUSABLE}${arn} is disabled (KeyState Disabled); it must be Enabled`);
  });
});

describe('CreationChecks.checkLogGroups', () => {
  test("accepts log groups that exist, though the backend writes their ARNs with a trailing ':*'", async () => {
    const { backend, checks } = setup();
    const groups = [backend.addLogGroup(HOME, '/app/first'), backend.addLogGroup(HOME, '/app/second')];
    await expect(checks.checkLogGroups(CALLER, groups)).resolves.toBeUndefined();
  });

  test('refuses a log group that does not exist with ResourceNotFoundException', async () => {
    const { backend, checks } = setup();
    const missing = 'arn:aws:logs:us-east-1:123456789012:log-group:/app/missing';
    const check = checks.checkLogGroups(CALLER, [backend.addLogGroup(HOME, '/app/first'), missing]);
    await expect(check).rejects.toThrow(new ResourceNotFoundException(`The specified log group does not exist: ${missing}`));
    await expect(check).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('refuses a log group of another region even when one of that name exists here', async () => {
    const { backend, checks } = setup();
    backend.addLogGroup(HOME, '/app');
    await expect(checks.checkLogGroups(CALLER, ['arn:aws:logs:eu-west-1:123456789012:log-group:/app'])).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test.each([
    [[], 'logGroupArnList must contain the ARN of a log group.'],
    [
      ['arn:aws:logs:us-east-1:123456789012:destination:d'],
      "Invalid value at 'logGroupArnList.1.member': 'arn:aws:logs:us-east-1:123456789012:destination:d' is not a log group ARN (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME).",
    ],
  ])('refuses %j with InvalidParameterException', async (arns, message) => {
    const { checks } = setup();
    const check = checks.checkLogGroups(CALLER, arns);
    await expect(check).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(check).rejects.toThrow(new InvalidParameterException(message));
  });
});

// The emulator keeps its own statement of what CloudWatch Logs asks of a key; it must agree with the product's.
describe("the emulator's statement of CloudWatch Logs' key use agrees with the product's", () => {
  test('the encryption-context key and the calls made for a detector’s data', () => {
    expect(LOGS_ARN_CONTEXT_KEY).toBe(PRODUCT_LOGS_ARN_CONTEXT_KEY);
    expect([...REQUIRED_KEY_ACTIONS]).toEqual([...LOGS_DATA_KEY_ACTIONS]);
  });

  test.each([
    ['aws', 'us-east-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ])('the service principal in %s (%s)', (partition, region) => {
    expect(emulatorPrincipal({ partition, region, account: '111122223333' })).toBe(productPrincipal({ region, account: '111122223333' }));
  });
});
