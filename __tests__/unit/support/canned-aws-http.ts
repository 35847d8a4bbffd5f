/** What a canned AWS answers one call with: a JSON body, or an AWS error (its code, message and HTTP status). */
export type CannedAnswer = { readonly body: object } | { readonly error: string; readonly message: string; readonly status?: number };

/** One HTTP request the SDK sent: the operation (`X-Amz-Target` after the dot) and its JSON input. */
export interface SentRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/**
 * An SDK request handler that answers AWS JSON 1.1 calls in-process: everything above it (the
 * SDK's serializers, retry strategy, deserializers, error classes) runs as it does against AWS.
 * Every attempt is recorded in `sent`, retries included.
 */
export class CannedAwsHttp {
  readonly sent: SentRequest[] = [];

  constructor(private readonly answer: (operation: string, input: Record<string, unknown>) => CannedAnswer) {}

  /** Options for an SDK client: this handler, a region, and credentials that reach nothing. */
  clientConfig(region = 'us-east-1') {
    return { region, credentials: { accessKeyId: 'canned', secretAccessKey: 'canned' }, requestHandler: this };
  }

  /** The operations sent, in order, one per attempt. */
  operations(): string[] {
    return this.sent.map((r) => r.operation);
  }

  handle(request: {
    headers: Record<string, string>;
    body?: unknown;
  }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }> {
    const operation = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const input = typeof request.body === 'string' && request.body !== '' ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    this.sent.push({ operation, input });
    const answer = this.answer(operation, input);
    const json = 'body' in answer ? answer.body : { __type: answer.error, message: answer.message };
    const statusCode = 'body' in answer ? 200 : (answer.status ?? 400);
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (!('body' in answer)) headers['x-amzn-errortype'] = answer.error;
    return Promise.resolve({ response: { statusCode, headers, body: Buffer.from(JSON.stringify(json)) } });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
