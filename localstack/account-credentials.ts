import { Caller } from './anomaly-detector/creation-checks';
import { AssumedCredentials, BackendIdentity, BackendSts } from './backend-sts';

/** The role the gateway assumes to read another account; backends switch to its account without it existing. */
const CROSS_ACCOUNT_ROLE_NAME = 'local-aws-gateway';
const SESSION_NAME = 'kms-anomaly-detector-gateway';
/** Credentials this close to expiry are renewed first, so none expires during a read. */
const RENEW_BEFORE_MS = 60_000;

interface Entry {
  readonly credentials: Promise<AssumedCredentials>;
  expiresAt?: number;
}

/**
 * Who reads an account's resources for a caller: the caller itself in its own account; in any
 * other account, credentials from the backend's STS AssumeRole into a role of that account,
 * cached per partition and account until they near expiry.
 */
export class AccountCredentials {
  private readonly assumed = new Map<string, Entry>();

  constructor(private readonly sts: BackendSts) {}

  async identityIn(caller: Caller, account: string): Promise<BackendIdentity> {
    if (account === caller.scope.account) return caller;
    const { partition, region } = caller.scope;
    const key = `${partition}:${account}`;
    let entry = this.assumed.get(key);
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt - RENEW_BEFORE_MS <= Date.now())) {
      const fresh: Entry = {
        credentials: this.sts.assumeRole(caller, region, `arn:${partition}:iam::${account}:role/${CROSS_ACCOUNT_ROLE_NAME}`, SESSION_NAME),
      };
      fresh.credentials.then(
        ({ expiresAt }) => {
          fresh.expiresAt = expiresAt;
        },
        () => {
          // A failed AssumeRole is not remembered: the next read asks again.
          if (this.assumed.get(key) === fresh) this.assumed.delete(key);
        },
      );
      this.assumed.set(key, fresh);
      entry = fresh;
    }
    const { accessKeyId, sessionToken } = await entry.credentials;
    // No x-moto-account-id: moto would let the header, not these credentials, pick the account.
    return { accessKeyId, sessionToken };
  }
}
