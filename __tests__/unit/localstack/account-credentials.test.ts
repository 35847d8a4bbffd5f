import { AccountCredentials } from '../../../localstack/account-credentials';
import { Caller } from '../../../localstack/anomaly-detector/creation-checks';
import { ServiceUnavailableException } from '../../../localstack/anomaly-detector/errors';
import { transportFor } from '../../../localstack/backend-http';
import { BackendSts } from '../../../localstack/backend-sts';
import { FakeBackend, HOME } from '../support/fake-backend';

const CALLER: Caller = { scope: HOME, accessKeyId: 'test', motoAccountId: HOME.account };
const KEY_ACCOUNT = '111111111111';

describe('AccountCredentials', () => {
  const backend = new FakeBackend();
  let transport: ReturnType<typeof transportFor>;
  let sts: BackendSts;
  let endpoint: URL;

  beforeAll(async () => {
    endpoint = new URL(await backend.start());
    transport = transportFor(endpoint);
    sts = new BackendSts(endpoint, transport);
  });
  afterEach(() => {
    backend.assumedRoles.length = 0;
    backend.assumedFor = 3_600_000;
    backend.intercept = undefined;
  });
  afterAll(async () => {
    transport.agent.destroy();
    await backend.stop();
  });

  test("reads the caller's own account as the caller, without AssumeRole", async () => {
    expect(await new AccountCredentials(sts).identityIn(CALLER, HOME.account)).toBe(CALLER);
    expect(backend.assumedRoles).toEqual([]);
  });

  test("reads another account with AssumeRole credentials of that account's role, without the caller's moto header", async () => {
    const identity = await new AccountCredentials(sts).identityIn(CALLER, KEY_ACCOUNT);
    expect(backend.assumedRoles).toEqual(['arn:aws:iam::111111111111:role/local-aws-gateway']);
    expect(identity).toEqual({ accessKeyId: 'ASIA1', sessionToken: 'token-ASIA1' });
    expect(await sts.accountOf(identity, HOME.region)).toBe(KEY_ACCOUNT);
  });

  test('caches credentials per partition and account', async () => {
    const accounts = new AccountCredentials(sts);
    const china: Caller = { scope: { partition: 'aws-cn', region: 'cn-north-1', account: HOME.account }, accessKeyId: 'test' };
    await accounts.identityIn(CALLER, KEY_ACCOUNT);
    await accounts.identityIn(CALLER, KEY_ACCOUNT);
    await accounts.identityIn(CALLER, '333333333333');
    await accounts.identityIn(china, KEY_ACCOUNT);
    expect(backend.assumedRoles).toEqual([
      'arn:aws:iam::111111111111:role/local-aws-gateway',
      'arn:aws:iam::333333333333:role/local-aws-gateway',
      'arn:aws-cn:iam::111111111111:role/local-aws-gateway',
    ]);
  });

  test('renews credentials that are about to expire', async () => {
    backend.assumedFor = 30_000;
    const accounts = new AccountCredentials(sts);
    const first = await accounts.identityIn(CALLER, KEY_ACCOUNT);
    const second = await accounts.identityIn(CALLER, KEY_ACCOUNT);
    expect(backend.assumedRoles).toHaveLength(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });

  test('does not remember a failed AssumeRole: the next read asks again', async () => {
    const accounts = new AccountCredentials(sts);
    backend.intercept = (_req, res) => res.writeHead(500).end('<Error/>');
    await expect(accounts.identityIn(CALLER, KEY_ACCOUNT)).rejects.toThrow(
      new ServiceUnavailableException(
        `STS AssumeRole on the backend at ${endpoint.origin} answered HTTP 500 without credentials for arn:aws:iam::111111111111:role/local-aws-gateway`,
      ),
    );
    backend.intercept = undefined;
    await expect(accounts.identityIn(CALLER, KEY_ACCOUNT)).resolves.toMatchObject({ accessKeyId: 'ASIA1' });
  });
});
