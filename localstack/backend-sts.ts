import { ServiceUnavailableException } from './anomaly-detector/errors';
import { transportFor } from './backend-http';

/**
 * Who a request to the backend is sent as. Backends check no signatures: the access key (and
 * session token) select the account, unless moto's `x-moto-account-id` header names one.
 */
export interface BackendIdentity {
  readonly accessKeyId: string;
  /** @default - none: long-term credentials */
  readonly sessionToken?: string;
  /** Sent as moto's `x-moto-account-id` header. @default - not sent: the access key decides */
  readonly motoAccountId?: string;
}

/** Temporary credentials from AssumeRole, as the backend gave them. */
export interface AssumedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** When they expire, in epoch milliseconds. */
  readonly expiresAt: number;
}

/** The header moto reads an account from (after its MOTO_ACCOUNT_ID variable, before the access key). */
export const MOTO_ACCOUNT_HEADER = 'x-moto-account-id';

/**
 * The backend's STS, called with raw Query requests: GetCallerIdentity tells which account an
 * identity lands in, AssumeRole gives credentials in another account (moto and LocalStack
 * both switch to the role ARN's account, and neither needs the role to exist).
 */
export class BackendSts {
  constructor(
    private readonly backend: URL,
    private readonly transport: ReturnType<typeof transportFor>,
  ) {}

  /** The account `identity` lands in, as the backend's STS says. */
  async accountOf(identity: BackendIdentity, region: string): Promise<string> {
    const { status, body } = await this.call('GetCallerIdentity', {}, identity, region);
    const account = /<Account>(\d{12})<\/Account>/.exec(body)?.[1];
    if (!account) throw this.failed('GetCallerIdentity', `answered HTTP ${status} without an account`);
    return account;
  }

  /** Credentials of the role `roleArn`, which land in the role's account. */
  async assumeRole(identity: BackendIdentity, region: string, roleArn: string, sessionName: string): Promise<AssumedCredentials> {
    const { status, body } = await this.call('AssumeRole', { RoleArn: roleArn, RoleSessionName: sessionName }, identity, region);
    const member = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(body)?.[1];
    const [accessKeyId, secretAccessKey, sessionToken, expiration] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'].map(member);
    const expiresAt = Date.parse(expiration ?? '');
    if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiresAt)) {
      throw this.failed('AssumeRole', `answered HTTP ${status} without credentials for ${roleArn}`);
    }
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt };
  }

  /** One unsigned STS call: backends read the access key from the Authorization header and check no signature. */
  private call(action: string, params: Record<string, string>, identity: BackendIdentity, region: string): Promise<{ status?: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/20240101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
      };
      if (identity.sessionToken) headers['x-amz-security-token'] = identity.sessionToken;
      if (identity.motoAccountId) headers[MOTO_ACCOUNT_HEADER] = identity.motoAccountId;
      const req = this.transport.request(this.backend, { method: 'POST', headers, agent: this.transport.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (e) => reject(this.failed(action, `failed: ${e.message}`)));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', (e) => reject(this.failed(action, `failed: ${e.message}`)));
      req.end(new URLSearchParams({ Action: action, Version: '2011-06-15', ...params }).toString());
    });
  }

  private failed(action: string, why: string): ServiceUnavailableException {
    return new ServiceUnavailableException(`STS ${action} on the backend at ${this.backend.origin} ${why}`);
  }
}
