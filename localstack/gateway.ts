import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AccountCredentials } from './account-credentials';
import { SdkBackendReader } from './anomaly-detector/backend-reader';
import { BackendReader, CreationChecks } from './anomaly-detector/creation-checks';
import { LogsServiceError, SerializationException, ServiceUnavailableException } from './anomaly-detector/errors';
import { AnomalyDetectorOperations, isAnsweredOperation } from './anomaly-detector/operations';
import { DetectorStore } from './anomaly-detector/store';
import { transportFor } from './backend-http';
import { BackendSts } from './backend-sts';
import { CallerResolver } from './caller-identity';
import { KeyAssociations } from './log-groups/key-associations';
import { isLogGroupKeyOperation, LogGroupKeyOperations } from './log-groups/log-group-key-operations';

/** CloudWatch Logs' JSON 1.1 target prefix: `X-Amz-Target: Logs_20140328.<Operation>`. */
const LOGS_TARGET_PREFIX = 'Logs_20140328.';

export interface GatewayOptions {
  /** Where every request the gateway does not answer goes, unchanged: moto, LocalStack or any endpoint. */
  readonly backendEndpoint: string;
  /** @default - reads the backend's KMS and CloudWatch Logs with AWS SDK v3 clients, another account's keys with credentials from the backend's STS AssumeRole */
  readonly backendReader?: BackendReader;
  /** The loopback port to listen on; when another process has it, a free one is chosen. @default - a free port */
  readonly port?: number;
  /**
   * Added to the error a client gets when the backend fails, so the failure names the backend,
   * how it ended and where its log is, e.g. "local AWS backend moto (pid 42) was killed by SIGKILL; its log: /tmp/x.log".
   * @default - the failure alone
   */
  readonly backendStatus?: () => string | Promise<string>;
}

export interface RunningGateway {
  /** `http://127.0.0.1:PORT`: what SDKs and Terraform use as their endpoint. */
  readonly endpoint: string;
  /** Set when the requested port was taken, saying which port was chosen instead. */
  readonly portNotice?: string;
  close(): Promise<void>;
}

/**
 * An HTTP server on a free loopback port that answers CloudWatch Logs' anomaly-detector
 * operations itself and forwards every other request to the backend byte for byte (method,
 * path, headers, body), streaming the backend's answer back unchanged.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const backend = new URL(options.backendEndpoint);
  // Reused connections keep the forwarding overhead to a pipe.
  const transport = transportFor(backend);
  const sts = new BackendSts(backend, transport);
  const checks = new CreationChecks(options.backendReader ?? new SdkBackendReader(options.backendEndpoint, new AccountCredentials(sts)));
  const operations = new AnomalyDetectorOperations(new DetectorStore(), checks);
  const logGroupKeys = new LogGroupKeyOperations(checks, new KeyAssociations());
  const callers = new CallerResolver(sts);
  const backendFailure = async (message: string) =>
    new ServiceUnavailableException(options.backendStatus ? `${message}; ${await options.backendStatus()}` : message);
  const fail = async (res: ServerResponse, e: unknown) => {
    let error = e instanceof LogsServiceError ? e : new ServiceUnavailableException(`The gateway failed: ${(e as Error).message}`);
    if (error instanceof ServiceUnavailableException) error = await backendFailure(error.message);
    const { statusCode, headers, body } = error.toResponse();
    send(res, statusCode, headers, body);
  };
  const answer = (res: ServerResponse, output: object) => send(res, 200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify(output));

  const server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(LOGS_TARGET_PREFIX) ? target.slice(LOGS_TARGET_PREFIX.length) : '';
    if (isLogGroupKeyOperation(operation)) {
      readBody(req)
        .then(async (body) => {
          const input = parseJson(body);
          if (!logGroupKeys.concerns(operation, input)) {
            forward(req, res, backend, transport, backendFailure, body);
            return;
          }
          const plan = await logGroupKeys.plan(operation, input, await callers.callerOf(req.headers));
          if ('answer' in plan) answer(res, plan.answer);
          else forward(req, res, backend, transport, backendFailure, body, plan.afterSuccess);
        })
        .catch((e: unknown) => fail(res, e));
      return;
    }
    if (!isAnsweredOperation(operation)) {
      forward(req, res, backend, transport, backendFailure);
      return;
    }
    readBody(req)
      .then(async (body) => {
        const input = parseJson(body);
        if (!operations.answers(operation, input)) {
          forward(req, res, backend, transport, backendFailure, body);
          return;
        }
        answer(res, await operations.call(operation, input, await callers.callerOf(req.headers)));
      })
      .catch((e: unknown) => fail(res, e));
  });

  const requested = options.port ?? 0;
  let portNotice: string | undefined;
  try {
    await listen(server, requested);
  } catch (e) {
    if (requested === 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await listen(server, 0);
    portNotice = `port ${requested} was taken; the gateway listens on ${(server.address() as AddressInfo).port} instead`;
  }
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    portNotice,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SDK clients keep connections open; the gateway is going away, so end them too.
        server.closeAllConnections();
        transport.agent.destroy();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => reject(e);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Raw headers without the body's length or transfer coding: a rewritten body states its own. */
function withoutLength(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!['content-length', 'transfer-encoding'].includes(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return kept;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch (e) {
    throw new SerializationException(`The request body is not JSON: ${(e as Error).message}`);
  }
}

function send(res: ServerResponse, statusCode: number, headers: Record<string, string>, body: string): void {
  res.writeHead(statusCode, { ...headers, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': randomUUID() });
  res.end(body);
}

/**
 * Sends the request on to the backend as it came (raw header names and order included) and
 * pipes the answer back with the backend's status line and raw headers. `body` is given when
 * the gateway had to read it to decide; otherwise the request streams through. With
 * `afterSuccess`, a 2xx answer is read whole and its body replaced by what that returns.
 */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  backend: URL,
  transport: ReturnType<typeof transportFor>,
  backendFailure: (message: string) => Promise<ServiceUnavailableException>,
  body?: Buffer,
  afterSuccess?: (body: string) => string,
): void {
  const upstream = transport.request(
    {
      protocol: backend.protocol,
      hostname: backend.hostname,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: req.rawHeaders,
      agent: transport.agent,
    },
    (answer) => {
      // The backend's Date header comes along; a second one would change the answer.
      res.sendDate = false;
      const status = answer.statusCode ?? 502;
      answer.on('error', (e) => res.destroy(e));
      if (afterSuccess === undefined || status < 200 || status > 299) {
        res.writeHead(status, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
        return;
      }
      readBody(answer)
        .then((whole) => {
          const rewritten = Buffer.from(afterSuccess(whole.toString('utf8')));
          res.writeHead(status, answer.statusMessage, [...withoutLength(answer.rawHeaders), 'Content-Length', String(rewritten.length)]);
          res.end(rewritten);
        })
        .catch((e: Error) => res.destroy(e));
    },
  );
  upstream.on('error', (e) => {
    if (res.headersSent) {
      res.destroy(e);
      return;
    }
    void backendFailure(`The backend at ${backend.origin} failed: ${e.message}`).then((failure) => {
      const { statusCode, headers, body: text } = failure.toResponse();
      send(res, statusCode, headers, text);
    });
  });
  req.on('error', (e) => upstream.destroy(e));
  if (body) upstream.end(body);
  else req.pipe(upstream);
}
