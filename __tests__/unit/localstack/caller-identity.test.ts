import { InvalidParameterException } from '../../../localstack/anomaly-detector/errors';
import { transportFor } from '../../../localstack/backend-http';
import { BackendSts } from '../../../localstack/backend-sts';
import { CallerResolver } from '../../../localstack/caller-identity';
import { FakeBackend, HOME, SIGNED } from '../support/fake-backend';

describe('CallerResolver', () => {
  const backend = new FakeBackend();
  let transport: ReturnType<typeof transportFor>;
  let callers: CallerResolver;

  beforeAll(async () => {
    const endpoint = new URL(await backend.start());
    transport = transportFor(endpoint);
    callers = new CallerResolver(new BackendSts(endpoint, transport));
  });
  afterAll(async () => {
    transport.agent.destroy();
    await backend.stop();
  });

  test('places an access key in the account STS names for it, asking once per key', async () => {
    const before = backend.stsCalls;
    const first = await callers.callerOf({ authorization: SIGNED });
    const second = await callers.callerOf({ authorization: SIGNED });
    expect(first).toMatchObject({ scope: HOME, accessKeyId: 'test' });
    expect(first.motoAccountId).toBeUndefined();
    expect(second.scope).toEqual(HOME);
    expect(backend.stsCalls - before).toBe(1);
  });

  test("places a request with x-moto-account-id in that account, and keeps the header for the caller's backend reads", async () => {
    const caller = await callers.callerOf({ authorization: SIGNED, 'x-moto-account-id': '444444444444' });
    expect(caller).toMatchObject({ scope: { ...HOME, account: '444444444444' }, accessKeyId: 'test', motoAccountId: '444444444444' });
  });

  test('caches the account per access key and header: the same key without the header stays in its own account', async () => {
    await callers.callerOf({ authorization: SIGNED, 'x-moto-account-id': '555555555555' });
    expect((await callers.callerOf({ authorization: SIGNED })).scope.account).toBe(HOME.account);
    expect((await callers.callerOf({ authorization: SIGNED, 'x-moto-account-id': '555555555555' })).scope.account).toBe('555555555555');
  });

  test.each(['12345', 'abcdefghijkl', '1234567890123'])('refuses an x-moto-account-id of %s: accounts are 12 digits', async (header) => {
    const call = callers.callerOf({ authorization: SIGNED, 'x-moto-account-id': header });
    await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(call).rejects.toThrow(`The x-moto-account-id header must be a 12-digit account id, got '${header}'`);
  });
});
