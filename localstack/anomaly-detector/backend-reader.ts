import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AccountCredentials } from '../account-credentials';
import { BackendIdentity, MOTO_ACCOUNT_HEADER } from '../backend-sts';
import { BackendReader, Caller, KeyDescription } from './creation-checks';
import { ServiceUnavailableException } from './errors';

const MOTO_ACCOUNT_MIDDLEWARE = { step: 'build', name: 'motoAccountHeader' } as const;

/**
 * Reads KMS and CloudWatch Logs state straight from the backend with AWS SDK v3 clients; a key
 * of another account is read with credentials of that account.
 */
export class SdkBackendReader implements BackendReader {
  constructor(
    private readonly backendEndpoint: string,
    private readonly accounts: AccountCredentials,
  ) {}

  async describeKey(caller: Caller, keyArn: string, keyAccount: string): Promise<KeyDescription | undefined> {
    const kms = await this.kms(caller, keyAccount);
    try {
      return (await kms.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata;
    } catch (e) {
      // KMS answers InvalidArnException for an ARN it cannot parse: no key has it.
      if (['NotFoundException', 'InvalidArnException'].includes((e as Error).name)) return undefined;
      throw this.failed('KMS DescribeKey', e);
    }
  }

  async keyPolicy(caller: Caller, keyId: string, keyAccount: string): Promise<string> {
    const kms = await this.kms(caller, keyAccount);
    try {
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      return Policy ?? '{}';
    } catch (e) {
      throw this.failed('KMS GetKeyPolicy', e);
    }
  }

  async logGroupArn(caller: Caller, logGroupName: string): Promise<string | undefined> {
    const logs = new CloudWatchLogsClient(this.clientConfig(caller.scope.region, caller));
    if (caller.motoAccountId) logs.middlewareStack.add(motoAccountHeader(caller.motoAccountId), MOTO_ACCOUNT_MIDDLEWARE);
    try {
      // An exact name sorts first among the names it prefixes, so one result settles it.
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, limit: 1 }));
      const group = logGroups?.[0];
      return group?.logGroupName === logGroupName ? (group.logGroupArn ?? group.arn) : undefined;
    } catch (e) {
      throw this.failed('CloudWatch Logs DescribeLogGroups', e);
    }
  }

  /** A KMS client that reads in `account`. */
  private async kms(caller: Caller, account: string): Promise<KMSClient> {
    const identity = await this.accounts.identityIn(caller, account);
    const kms = new KMSClient(this.clientConfig(caller.scope.region, identity));
    if (identity.motoAccountId) kms.middlewareStack.add(motoAccountHeader(identity.motoAccountId), MOTO_ACCOUNT_MIDDLEWARE);
    return kms;
  }

  private clientConfig(region: string, { accessKeyId, sessionToken }: BackendIdentity) {
    return {
      endpoint: this.backendEndpoint,
      region,
      // Backends check no signatures; the access key selects the account there.
      credentials: { accessKeyId, secretAccessKey: 'unused-by-backends', sessionToken },
      maxAttempts: 1,
    };
  }

  private failed(call: string, e: unknown): ServiceUnavailableException {
    return new ServiceUnavailableException(`${call} on the backend at ${this.backendEndpoint} failed: ${(e as Error).name}: ${(e as Error).message}`);
  }
}

/**
 * A middleware that sends moto's account header, so moto answers in that account; added
 * before signing, as any header a client sends.
 */
function motoAccountHeader(motoAccountId: string) {
  return <A extends { readonly request: unknown }, R>(next: (args: A) => Promise<R>) =>
    (args: A): Promise<R> => {
      (args.request as { headers: Record<string, string> }).headers[MOTO_ACCOUNT_HEADER] = motoAccountId;
      return next(args);
    };
}
