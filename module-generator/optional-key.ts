import { Token } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AnomalyDetectorKey } from '../modules/anomaly-detector-key';
import { interpolation } from './hcl';

/** Terraform expressions for the attributes of a key that may not exist: null when it is not created. */
export interface OptionalKeyAttributes {
  readonly arn: string;
  readonly keyId: string;
  readonly policy: string;
}

/** HCL boolean expressions deciding which of the key's resources exist. */
export interface OptionalKeyConditions {
  readonly createKey: string;
  /** Checked with `createKey`: an alias needs its key. */
  readonly createAlias: string;
}

/**
 * Gives the resources of an `AnomalyDetectorKey` Terraform `count`, through the construct's
 * children (ids 'Key' and 'Alias', stable by the construct's contract), so that a plain
 * Terraform module can decide at plan time whether to create the key. The construct refers to
 * its key as a single resource, which Terraform rejects once `count` is set, so the alias's
 * reference is rewritten to instance 0 and the key's attributes come back as `one(...[*])`.
 */
export function createKeyOnlyWhen(key: AnomalyDetectorKey, conditions: OptionalKeyConditions): OptionalKeyAttributes {
  const kmsKey = key.node.findChild('Key');
  if (!(kmsKey instanceof KmsKey)) {
    throw new Error(`Expected AnomalyDetectorKey's child 'Key' to be an aws_kms_key, got ${kmsKey.constructor.name}`);
  }
  kmsKey.count = Token.asNumber(interpolation(`${conditions.createKey} ? 1 : 0`));
  const address = `${kmsKey.terraformResourceType}.${kmsKey.friendlyUniqueId}`;

  const alias = key.node.tryFindChild('Alias');
  if (alias !== undefined) {
    if (!(alias instanceof KmsAlias)) {
      throw new Error(`Expected AnomalyDetectorKey's child 'Alias' to be an aws_kms_alias, got ${alias.constructor.name}`);
    }
    alias.count = Token.asNumber(interpolation(`${conditions.createKey} && ${conditions.createAlias} ? 1 : 0`));
    alias.targetKeyId = interpolation(`${address}[0].key_id`);
  }

  return {
    arn: `one(${address}[*].arn)`,
    keyId: `one(${address}[*].key_id)`,
    policy: `one(${address}[*].policy)`,
  };
}
