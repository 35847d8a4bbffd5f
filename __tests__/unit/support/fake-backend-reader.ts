import { BackendReader, Caller, KeyDescription } from '../../../localstack/anomaly-detector/creation-checks';
import { Scope } from '../../../localstack/anomaly-detector/store';

interface FakeKey extends KeyDescription {
  readonly policy: string;
}

/** KMS keys and log groups held in memory, read the way the backend would answer. */
export class FakeBackendReader implements BackendReader {
  private readonly keys = new Map<string, FakeKey>();
  private readonly logGroups = new Set<string>();
  private nextKey = 1;

  /** A key of `scope`, enabled and symmetric unless `overrides` say otherwise; returns its ARN. */
  addKey(scope: Scope, policy: string, overrides: Partial<KeyDescription> = {}): string {
    const keyId = `0000000${this.nextKey++}-aaaa-bbbb-cccc-dddddddddddd`;
    const arn = `arn:${scope.partition}:kms:${scope.region}:${scope.account}:key/${keyId}`;
    this.keys.set(arn, { Arn: arn, KeyId: keyId, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', policy, ...overrides });
    return arn;
  }

  /** A log group of `scope`; returns its ARN as CreateLogAnomalyDetector callers write it. */
  addLogGroup(scope: Scope, name: string): string {
    const arn = `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${name}`;
    this.logGroups.add(arn);
    return arn;
  }

  /** Found only when read in the key's own region and account, as the backend answers. */
  describeKey({ scope }: Caller, keyArn: string, keyAccount: string): Promise<KeyDescription | undefined> {
    const key = this.keys.get(keyArn);
    return Promise.resolve(key?.Arn?.includes(`:${scope.region}:${keyAccount}:`) ? key : undefined);
  }

  keyPolicy({ scope }: Caller, keyId: string, keyAccount: string): Promise<string> {
    const key = [...this.keys.values()].find((k) => k.KeyId === keyId && k.Arn?.includes(`:${scope.region}:${keyAccount}:`));
    // Rejects rather than throws, as the real backend's call does.
    if (!key) return Promise.reject(new Error(`no key ${keyId} in account ${keyAccount}`));
    return Promise.resolve(key.policy);
  }

  logGroupArn({ scope }: Caller, logGroupName: string): Promise<string | undefined> {
    const arn = `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${logGroupName}`;
    // As moto's DescribeLogGroups gives it: with the trailing ':*'.
    return Promise.resolve(this.logGroups.has(arn) ? `${arn}:*` : undefined);
  }
}
