import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body?: unknown;
}

/**
 * A local stand-in for the GitHub REST endpoints the action calls, on 127.0.0.1: a pull
 * request's comments (list, create, update) and code scanning's SARIF upload. It keeps comments
 * per issue, records every request, and answers anything else 404 (which fails the action).
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Comments by issue number. */
  readonly comments = new Map<number, FakeComment[]>();
  readonly sarifUploads: unknown[] = [];
  /** The status every write (create, update) answers instead of succeeding, when set. */
  failWritesWith?: number;
  /** The status the SARIF upload answers instead of succeeding, when set. */
  failSarifWith?: number;
  /** The login the token comments as. */
  readonly login = 'github-actions[bot]';
  private nextId = 1000;
  private server?: Server;

  constructor(private readonly repository: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((e) => (e ? reject(e) : resolve())) ?? resolve());
  }

  /** Adds a comment as `login` would have written it. */
  seed(issue: number, body: string, login: string): FakeComment {
    const comment = { id: this.nextId++, body, user: { login } };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, authorization: req.headers.authorization, body });
    const prefix = `/repos/${this.repository}`;
    const list = new RegExp(`^${prefix}/issues/(\\d+)/comments$`).exec(url.pathname);
    const update = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (list && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return { status: 200, body: (this.comments.get(Number(list[1])) ?? []).slice((page - 1) * perPage, page * perPage) };
    }
    if (list && req.method === 'POST') {
      if (this.failWritesWith !== undefined) return { status: this.failWritesWith, body: { message: 'Resource not accessible by integration' } };
      return { status: 201, body: this.seed(Number(list[1]), (body as { body: string }).body, this.login) };
    }
    if (update && req.method === 'PATCH') {
      if (this.failWritesWith !== undefined) return { status: this.failWritesWith, body: { message: 'Resource not accessible by integration' } };
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(update[1]));
      if (!comment) return { status: 404, body: { message: 'Not Found' } };
      comment.body = (body as { body: string }).body;
      return { status: 200, body: comment };
    }
    if (url.pathname === `${prefix}/code-scanning/sarifs` && req.method === 'POST') {
      if (this.failSarifWith !== undefined)
        return { status: this.failSarifWith, body: { message: 'Advanced Security must be enabled for this repository to use code scanning.' } };
      this.sarifUploads.push(body);
      return { status: 202, body: { id: 'sarif-1', url: `${prefix}/code-scanning/sarifs/sarif-1` } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}
