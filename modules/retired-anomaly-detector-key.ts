import { Construct } from 'constructs';
import { KmsKey } from './toolchain';
import { KEY_RESOURCE_ID } from './anomaly-detector-key';
import { ForgottenResource } from './private/forgotten-resource';

/**
 * Stands where an `AnomalyDetectorKey` used to be, with the same construct id, so that
 * Terraform forgets that key instead of deleting it: a Terraform `removed` block with
 * `destroy = false` (Terraform 1.7 or later). `prevent_destroy` cannot do this: it guards only
 * resources still in the configuration, and a key that leaves it would otherwise be scheduled
 * for deletion by a plain apply, taking every detector's encrypted data with it.
 *
 * The key stays in KMS as it was (Enabled, its policy unchanged) and is no longer managed by
 * this stack; pass its ARN as a detector's `key` to use it again, or schedule its deletion by
 * hand once no data needs it. The key's alias, a name only, is deleted, so a new key can take
 * the name. With no such key in the state, the block does nothing.
 */
export class RetiredAnomalyDetectorKey extends Construct {
  private readonly forgotten: ForgottenResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.forgotten = new ForgottenResource(this, KEY_RESOURCE_ID, KmsKey.tfResourceType);
  }

  /** The address Terraform forgets, e.g. `aws_kms_key.key_Key_1A2B3C4D`. */
  public get keyAddress(): string {
    return this.forgotten.address;
  }
}
