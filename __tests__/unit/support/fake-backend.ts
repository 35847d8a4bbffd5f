import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** Where FakeBackend's STS puts every caller but access key 'other'. */
export const HOME = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
/** An Authorization header for access key 'test' in HOME's region, enough for the gateway to read its caller. */
export const SIGNED = 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=abc';

interface Seen {
  readonly method?: string;
  readonly url?: string;
  readonly rawHeaders: string[];
  readonly body: string;
}

/**
 * A backend whose STS answers as moto's does: GetCallerIdentity names the `x-moto-account-id`
 * header's account, else 1111… for access key 'other' or for keys AssumeRole gave into it, else
 * HOME's; AssumeRole gives keys `ASIA<n>` in the role's account, expiring `assumedFor` ms later.
 * Everything else is recorded and answered by `respond`.
 */
export class FakeBackend {
  readonly seen: Seen[] = [];
  stsCalls = 0;
  /** The RoleArn of each AssumeRole, in order. */
  readonly assumedRoles: string[] = [];
  assumedFor = 3_600_000;
  private readonly assumedKeys = new Map<string, string>();
  respond: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{}');
  /** Takes requests before their body is read, when set. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => void;
  private server?: Server;

  async start(): Promise<string> {
    // http.Server ignores what a handler returns; `void` makes dropping the promise explicit.
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.intercept) {
      this.intercept(req, res);
      return;
    }
    const body = await text(req);
    if (body.startsWith('Action=GetCallerIdentity')) {
      this.stsCalls++;
      const accessKey = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      const header = req.headers['x-moto-account-id'];
      const account = typeof header === 'string' ? header : accessKey === 'other' ? '111111111111' : (this.assumedKeys.get(accessKey) ?? HOME.account);
      res.end(`<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
      return;
    }
    if (body.startsWith('Action=AssumeRole')) {
      const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
      this.assumedRoles.push(roleArn);
      const accessKeyId = `ASIA${this.assumedRoles.length}`;
      this.assumedKeys.set(accessKeyId, roleArn.split(':')[4]);
      const expiration = new Date(Date.now() + this.assumedFor).toISOString();
      res.end(
        `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>` +
          `<SessionToken>token-${accessKeyId}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
      );
      return;
    }
    this.seen.push({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body });
    this.respond(req, res);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export function text(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
    stream.on('end', () => resolve(body));
  });
}
