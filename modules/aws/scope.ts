import { PARTITION_DNS_SUFFIXES, partitionOfRegion } from './partitions';

/** Where a key and its detectors live: every ARN and the service principal derive from it. */
export interface AwsScope {
  /** The region; CloudWatch Logs' principal must be in the key's region. */
  readonly region: string;
  /** The account that owns the key and the detectors. */
  readonly account: string;
  /** @default - derived from `region` (see `partitionOfRegion`) */
  readonly partition?: string;
  /** DNS suffix of the partition's service principals. @default - derived from `partition` */
  readonly dnsSuffix?: string;
}

/**
 * The scope with partition and DNS suffix filled in from the region.
 * @throws when the region is outside the known partitions and no partition, or an unknown
 *   partition and no DNS suffix, is given
 */
export function resolveScope(scope: AwsScope): Required<AwsScope> {
  const partition = scope.partition ?? partitionOfRegion(scope.region);
  if (partition === undefined) {
    throw new Error(`'partition' must be given for region '${scope.region}': it is outside ${Object.keys(PARTITION_DNS_SUFFIXES).join(', ')}`);
  }
  const dnsSuffix = scope.dnsSuffix ?? PARTITION_DNS_SUFFIXES[partition];
  if (dnsSuffix === undefined) {
    throw new Error(`'partition' must be one of ${Object.keys(PARTITION_DNS_SUFFIXES).join(', ')} or come with 'dnsSuffix', got '${partition}'`);
  }
  return { region: scope.region, account: scope.account, partition, dnsSuffix };
}
