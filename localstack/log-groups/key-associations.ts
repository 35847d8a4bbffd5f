import { Scope } from '../anomaly-detector/store';

/**
 * The keys of log groups changed with AssociateKmsKey and DisassociateKmsKey, per partition,
 * region and account: moto 5.2.1 stores a log group's `kmsKeyId` at creation but answers both
 * operations with an HTTP 500, so the gateway answers them and keeps what they changed here,
 * over what the backend holds. `null` is a key taken away. A log group created or deleted
 * again goes back to what the backend holds.
 */
export class KeyAssociations {
  private readonly keys = new Map<string, string | null>();

  /** Whether any association is held: when none, the backend's answers stand as they are. */
  get empty(): boolean {
    return this.keys.size === 0;
  }

  set(scope: Scope, logGroupName: string, kmsKeyId: string | null): void {
    this.keys.set(keyOf(scope, logGroupName), kmsKeyId);
  }

  /** The key held for the log group: a key ARN, null for none, undefined when the backend's own value stands. */
  get(scope: Scope, logGroupName: string): string | null | undefined {
    return this.keys.get(keyOf(scope, logGroupName));
  }

  forget(scope: Scope, logGroupName: string): void {
    this.keys.delete(keyOf(scope, logGroupName));
  }
}

function keyOf({ partition, region, account }: Scope, logGroupName: string): string {
  return `${partition} ${region} ${account} ${logGroupName}`;
}
