import { IncomingHttpHeaders } from 'node:http';
import { Caller } from './anomaly-detector/creation-checks';
import { InvalidParameterException, MissingAuthenticationTokenException } from './anomaly-detector/errors';
import { BackendIdentity, BackendSts, MOTO_ACCOUNT_HEADER } from './backend-sts';
import { ACCOUNT_ID, partitionOfRegion } from '../modules/aws/partitions';

/** `Credential=AKID/20250101/us-east-1/logs/aws4_request` in a SigV4 Authorization header. */
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\//;

/** The partition of a request's region; the isolated partitions are not emulated, so their regions land in 'aws'. */
export function partitionOf(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/**
 * Who sent a request: the region and access key from its SigV4 credential scope, and the
 * account the backend's STS places that caller in. moto picks it by its MOTO_ACCOUNT_ID
 * variable, then the request's `x-moto-account-id` header, then the access key (123456789012
 * unless the key came from an AssumeRole into another account); LocalStack by the access key
 * (a 12-digit key is the account). So the header goes to STS with the access key, and the
 * caller's backend reads send it too: the gateway and the backend agree on the account.
 * Accounts are cached per access key and header: the mapping never changes while a backend runs.
 */
export class CallerResolver {
  private readonly accounts = new Map<string, Promise<string>>();

  constructor(private readonly sts: BackendSts) {}

  async callerOf(headers: IncomingHttpHeaders): Promise<Caller> {
    const match = CREDENTIAL_SCOPE.exec(String(headers.authorization ?? ''));
    if (!match) throw new MissingAuthenticationTokenException('Request is missing Authentication Token');
    const [, accessKeyId, region] = match;
    const sessionToken = typeof headers['x-amz-security-token'] === 'string' ? headers['x-amz-security-token'] : undefined;
    const identity: BackendIdentity = { accessKeyId, sessionToken, motoAccountId: motoAccountOf(headers) };
    const account = await this.accountOf(identity, region);
    return { scope: { partition: partitionOf(region), region, account }, ...identity };
  }

  private accountOf(identity: BackendIdentity, region: string): Promise<string> {
    const key = `${identity.accessKeyId} ${identity.motoAccountId ?? ''}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = this.sts.accountOf(identity, region);
      // A failed look-up is not remembered: the next request asks again.
      account.catch(() => this.accounts.delete(key));
      this.accounts.set(key, account);
    }
    return account;
  }
}

/** The request's `x-moto-account-id`, when it sends one; ARNs hold 12-digit accounts only, so any other value is refused. */
function motoAccountOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[MOTO_ACCOUNT_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) {
    throw new InvalidParameterException(`The ${MOTO_ACCOUNT_HEADER} header must be a 12-digit account id, got '${String(value)}'`);
  }
  return value;
}
