import { IncomingHttpHeaders } from 'node:http';
import { Caller } from './anomaly-detector/creation-checks';
import { MissingAuthenticationTokenException, ServiceUnavailableException } from './anomaly-detector/errors';
import { transportFor } from './backend-http';
import { partitionOfRegion } from '../modules/aws/partitions';

/** `Credential=AKID/20250101/us-east-1/logs/aws4_request` in a SigV4 Authorization header. */
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\//;

/** The partition of a request's region; the isolated partitions are not emulated, so their regions land in 'aws'. */
export function partitionOf(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/**
 * Who sent a request: the region and access key from its SigV4 credential scope, and the
 * account the backend's STS maps that access key to (moto: 123456789012 unless the key came
 * from an AssumeRole into another account; LocalStack: a 12-digit access key is the account).
 * Accounts are cached per access key: the mapping never changes while a backend runs.
 */
export class CallerResolver {
  private readonly accounts = new Map<string, Promise<string>>();

  constructor(
    private readonly backend: URL,
    private readonly transport: ReturnType<typeof transportFor>,
  ) {}

  async callerOf(headers: IncomingHttpHeaders): Promise<Caller> {
    const match = CREDENTIAL_SCOPE.exec(String(headers.authorization ?? ''));
    if (!match) throw new MissingAuthenticationTokenException('Request is missing Authentication Token');
    const [, accessKeyId, region] = match;
    const sessionToken = typeof headers['x-amz-security-token'] === 'string' ? headers['x-amz-security-token'] : undefined;
    const account = await this.accountOf(accessKeyId, region, sessionToken);
    return { scope: { partition: partitionOf(region), region, account }, accessKeyId, sessionToken };
  }

  private accountOf(accessKeyId: string, region: string, sessionToken: string | undefined): Promise<string> {
    let account = this.accounts.get(accessKeyId);
    if (!account) {
      account = this.getCallerIdentity(accessKeyId, region, sessionToken);
      // A failed look-up is not remembered: the next request asks again.
      account.catch(() => this.accounts.delete(accessKeyId));
      this.accounts.set(accessKeyId, account);
    }
    return account;
  }

  /** STS GetCallerIdentity, unsigned: backends read the access key from the header and check no signature. */
  private getCallerIdentity(accessKeyId: string, region: string, sessionToken: string | undefined): Promise<string> {
    const failed = (why: string) => new ServiceUnavailableException(`STS GetCallerIdentity on the backend at ${this.backend.origin} ${why}`);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
      };
      if (sessionToken) headers['x-amz-security-token'] = sessionToken;
      const req = this.transport.request(this.backend, { method: 'POST', headers, agent: this.transport.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (e) => reject(failed(`failed: ${e.message}`)));
        res.on('end', () => {
          const account = /<Account>(\d{12})<\/Account>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
          if (account) resolve(account);
          else reject(failed(`answered HTTP ${res.statusCode} without an account`));
        });
      });
      req.on('error', (e) => reject(failed(`failed: ${e.message}`)));
      req.end('Action=GetCallerIdentity&Version=2011-06-15');
    });
  }
}
