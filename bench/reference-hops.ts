import * as http from 'node:http';
import { AddressInfo, createServer as createTcpServer, connect, Server, Socket } from 'node:net';

/** A loopback hop in front of the backend, to compare the gateway with. */
export interface ReferenceHop {
  readonly endpoint: string;
  close(): Promise<void>;
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The least an HTTP-aware Node proxy can do: parse the request, send it on over a keep-alive
 * connection, pipe the answer back. The gateway does this plus reading X-Amz-Target, so this
 * is the floor of its per-request cost.
 */
export async function startMinimalHttpProxy(backendEndpoint: string): Promise<ReferenceHop> {
  const backend = new URL(backendEndpoint);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { hostname: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.rawHeaders, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  const endpoint = await listening(server);
  return {
    endpoint,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** A byte relay that parses nothing: the floor of any extra loopback hop. */
export async function startTcpRelay(backendEndpoint: string): Promise<ReferenceHop> {
  const backend = new URL(backendEndpoint);
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(Number(backend.port), backend.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  const endpoint = await listening(server);
  return {
    endpoint,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
