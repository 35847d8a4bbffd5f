import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { startGateway } from '../../../localstack/gateway';
import { FakeBackendReader } from '../support/fake-backend-reader';

const BACKEND = 'http://127.0.0.1:1';

/** A port something else listens on for as long as the test holds it. */
async function occupiedPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const holder = createServer();
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  return { port: (holder.address() as AddressInfo).port, release: () => new Promise((resolve) => holder.close(() => resolve())) };
}

describe('gateway port', () => {
  test('listens on the requested port when it is free', async () => {
    const { port, release } = await occupiedPort();
    await release();
    const gateway = await startGateway({ backendEndpoint: BACKEND, backendReader: new FakeBackendReader(), port });
    try {
      expect(gateway.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(gateway.portNotice).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });

  test('a port already taken: another is chosen, and the notice says which', async () => {
    const taken = await occupiedPort();
    const gateway = await startGateway({ backendEndpoint: BACKEND, backendReader: new FakeBackendReader(), port: taken.port });
    try {
      const chosen = Number(new URL(gateway.endpoint).port);
      expect(chosen).not.toBe(taken.port);
      expect(gateway.portNotice).toBe(`port ${taken.port} was taken; the gateway listens on ${chosen} instead`);
      const res = await fetch(`${gateway.endpoint}/`, { method: 'POST', body: '{' });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ __type: 'ServiceUnavailableException' });
    } finally {
      await gateway.close();
      await taken.release();
    }
  });
});
