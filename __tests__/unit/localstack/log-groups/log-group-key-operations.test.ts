import {
  AssociateKmsKeyCommand,
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DisassociateKmsKeyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startGateway, RunningGateway } from '../../../../localstack/gateway';
import { documentedLogGroupKeyPolicy, documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { FakeBackendReader } from '../../support/fake-backend-reader';
import { FakeBackend, HOME } from '../../support/fake-backend';

const LOG_GROUP = '/app/web';
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${HOME.account}:log-group:${LOG_GROUP}`;
const REFUSED = `The specified KMS key does not exist or is not allowed to be used with Arn '${LOG_GROUP_ARN}': key `;

// CreateLogGroup with a key, AssociateKmsKey and DisassociateKmsKey through the gateway, as the
// AWS SDK sees them; the backend holds the log groups and answers DescribeLogGroups.
describe("the gateway checks a log group's key as CloudWatch Logs does", () => {
  const backend = new FakeBackend();
  const reader = new FakeBackendReader();
  let gateway: RunningGateway;
  let backendKey: string | undefined;
  const logs = () =>
    new CloudWatchLogsClient({ endpoint: gateway.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'x' }, maxAttempts: 1 });
  const usable = () => reader.addKey(HOME, documentedLogGroupKeyPolicy(HOME, LOG_GROUP));
  const targets = () => backend.seen.map((s) => s.rawHeaders[s.rawHeaders.findIndex((h) => h.toLowerCase() === 'x-amz-target') + 1]);
  const refusal = (e: Error) => ({ name: e.name, message: e.message });

  beforeAll(async () => {
    // A log group as moto describes it: with the key it was created with, if any.
    backend.respond = (req, res) => {
      const group = { logGroupName: LOG_GROUP, arn: `${LOG_GROUP_ARN}:*`, ...(backendKey && { kmsKeyId: backendKey }) };
      res.end(req.headers['x-amz-target'] === 'Logs_20140328.DescribeLogGroups' ? JSON.stringify({ logGroups: [group] }) : '{}');
    };
    gateway = await startGateway({ backendEndpoint: await backend.start(), backendReader: reader });
    reader.addLogGroup(HOME, LOG_GROUP);
  });
  afterAll(async () => {
    await gateway.close();
    await backend.stop();
  });

  test('CreateLogGroup with a usable key reaches the backend; without a key it is forwarded unchecked', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP, kmsKeyId: usable() }));
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/no-key' }));
    expect(targets().slice(-2)).toEqual(['Logs_20140328.CreateLogGroup', 'Logs_20140328.CreateLogGroup']);
  });

  test.each([
    ['missing', () => `arn:aws:kms:us-east-1:${HOME.account}:key/99999999-aaaa-bbbb-cccc-dddddddddddd`, 'InvalidParameterException', 'does not exist'],
    [
      'disabled',
      () => reader.addKey(HOME, documentedLogGroupKeyPolicy(HOME, LOG_GROUP), { KeyState: 'Disabled' }),
      'InvalidParameterException',
      'is disabled (KeyState Disabled); it must be Enabled',
    ],
    [
      'asymmetric',
      () => reader.addKey(HOME, documentedLogGroupKeyPolicy(HOME, LOG_GROUP), { KeySpec: 'RSA_2048' }),
      'InvalidParameterException',
      'is not a symmetric encryption key',
    ],
    [
      'of another region',
      () => reader.addKey({ ...HOME, region: 'eu-west-1' }, documentedLogGroupKeyPolicy({ ...HOME, region: 'eu-west-1' }, LOG_GROUP)),
      'InvalidParameterException',
      "is in region eu-west-1, not in the log group's region us-east-1",
    ],
    [
      'whose policy serves detectors only',
      () => reader.addKey(HOME, documentedLogsKeyPolicy(HOME)),
      'AccessDeniedException',
      `has a key policy that does not let logs.us-east-1.amazonaws.com call kms:GenerateDataKey with kms:EncryptionContext:aws:logs:arn = ${LOG_GROUP_ARN}: no statement allows it`,
    ],
    [
      'whose policy serves another log group',
      () => reader.addKey(HOME, documentedLogGroupKeyPolicy(HOME, '/app/other')),
      'AccessDeniedException',
      'has a key policy that does not let logs.us-east-1.amazonaws.com call kms:GenerateDataKey',
    ],
  ])('CreateLogGroup and AssociateKmsKey refuse a key %s, and the backend never sees them', async (_case, key, code, why) => {
    const keyArn = key();
    const before = backend.seen.length;
    for (const command of [
      new CreateLogGroupCommand({ logGroupName: LOG_GROUP, kmsKeyId: keyArn }),
      new AssociateKmsKeyCommand({ logGroupName: LOG_GROUP, kmsKeyId: keyArn }),
    ]) {
      const error = await logs()
        .send(command as CreateLogGroupCommand)
        .then(() => new Error('expected a refusal'), refusal);
      expect(error.name).toBe(code);
      expect(error.message).toContain(`${REFUSED}${keyArn} ${why}`);
    }
    expect(
      targets()
        .slice(before)
        .filter((t) => t !== undefined),
    ).toEqual([]);
  });

  test('AssociateKmsKey and DisassociateKmsKey change the key DescribeLogGroups shows, in place; DeleteLogGroup forgets it', async () => {
    backendKey = usable();
    const keyOf = async () => (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }))).logGroups?.[0].kmsKeyId;
    expect(await keyOf()).toBe(backendKey);
    const next = usable();
    await logs().send(new AssociateKmsKeyCommand({ logGroupName: LOG_GROUP, kmsKeyId: next }));
    expect(await keyOf()).toBe(next);
    await logs().send(new DisassociateKmsKeyCommand({ resourceIdentifier: LOG_GROUP_ARN }));
    expect(await keyOf()).toBeUndefined();
    await logs().send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP }));
    expect(await keyOf()).toBe(backendKey);
    expect(targets()).not.toContain('Logs_20140328.AssociateKmsKey');
  });

  test.each([
    ['a log group that does not exist', { logGroupName: '/missing' }, 'ResourceNotFoundException', 'The specified log group does not exist.'],
    [
      'both a name and an ARN',
      { logGroupName: LOG_GROUP, resourceIdentifier: LOG_GROUP_ARN },
      'InvalidParameterException',
      'You must specify either logGroupName or resourceIdentifier, but not both.',
    ],
    ['neither', {}, 'InvalidParameterException', 'You must specify either logGroupName or resourceIdentifier, but not both.'],
    [
      'a name CloudWatch Logs refuses',
      { logGroupName: 'bad name' },
      'InvalidParameterException',
      "Value 'bad name' at 'logGroupName' failed to satisfy constraint",
    ],
  ])('AssociateKmsKey refuses %s', async (_case, target, code, message) => {
    const error = await logs()
      .send(new AssociateKmsKeyCommand({ ...target, kmsKeyId: usable() }))
      .then(() => new Error('expected a refusal'), refusal);
    expect(error.name).toBe(code);
    expect(error.message).toContain(message);
  });
});
