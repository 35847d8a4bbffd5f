import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { BackendReader, Caller, KeyDescription } from './creation-checks';
import { ServiceUnavailableException } from './errors';

/** Reads KMS and CloudWatch Logs state straight from the backend with AWS SDK v3 clients. */
export class SdkBackendReader implements BackendReader {
  constructor(private readonly backendEndpoint: string) {}

  async describeKey(caller: Caller, keyArn: string): Promise<KeyDescription | undefined> {
    try {
      return (await this.kms(caller).send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata;
    } catch (e) {
      // KMS answers InvalidArnException for an ARN it cannot parse: no key has it.
      if (['NotFoundException', 'InvalidArnException'].includes((e as Error).name)) return undefined;
      throw this.failed('KMS DescribeKey', e);
    }
  }

  async keyPolicy(caller: Caller, keyId: string): Promise<string> {
    try {
      const { Policy } = await this.kms(caller).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      return Policy ?? '{}';
    } catch (e) {
      throw this.failed('KMS GetKeyPolicy', e);
    }
  }

  async logGroupArn(caller: Caller, logGroupName: string): Promise<string | undefined> {
    try {
      // An exact name sorts first among the names it prefixes, so one result settles it.
      const { logGroups } = await this.logs(caller).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, limit: 1 }));
      const group = logGroups?.[0];
      return group?.logGroupName === logGroupName ? (group.logGroupArn ?? group.arn) : undefined;
    } catch (e) {
      throw this.failed('CloudWatch Logs DescribeLogGroups', e);
    }
  }

  private kms(caller: Caller): KMSClient {
    return new KMSClient(this.clientConfig(caller));
  }

  private logs(caller: Caller): CloudWatchLogsClient {
    return new CloudWatchLogsClient(this.clientConfig(caller));
  }

  private clientConfig({ scope, accessKeyId, sessionToken }: Caller) {
    return {
      endpoint: this.backendEndpoint,
      region: scope.region,
      // Backends check no signatures; the access key selects the caller's account there.
      credentials: { accessKeyId, secretAccessKey: 'unused-by-backends', sessionToken },
      maxAttempts: 1,
    };
  }

  private failed(call: string, e: unknown): ServiceUnavailableException {
    return new ServiceUnavailableException(`${call} on the backend at ${this.backendEndpoint} failed: ${(e as Error).name}: ${(e as Error).message}`);
  }
}
