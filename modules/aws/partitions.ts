/**
 * Partitions, regions and accounts as AWS names them: the one home of these facts for the
 * constructs, the key policy, the CLIs, the module generator and the local AWS.
 */

/** What an AWS region name looks like: `us-east-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/** What a partition name looks like: `aws`, `aws-cn`, `aws-us-gov`. */
export const PARTITION_NAME = /^aws(-[a-z]+)*$/;

/**
 * Partitions whose CloudWatch Logs service principal and ARNs this library knows, with the
 * DNS suffix of their service principals (as the provider's `aws_service_principal` data
 * source and the AWS China documentation give them: `logs.cn-north-1.amazonaws.com.cn`).
 */
export const PARTITION_DNS_SUFFIXES: Readonly<Record<string, string>> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
};

/** Regions of the isolated partitions, whose service principals this library does not know. */
const ISOLATED_REGION = /^(us-iso|us-isob|eu-isoe|us-isof|eusc)-/;

/**
 * The rule `partition` breaks, said as what it must be ("a partition name like 'aws'", "aws-cn
 * for region cn-north-1"), or undefined when it keeps it. `region` may be unknown.
 */
export function partitionRuleBroken(partition: string, region: string | undefined): string | undefined {
  if (!PARTITION_NAME.test(partition)) return "a partition name like 'aws'";
  const regionPartition = region === undefined ? undefined : partitionOfRegion(region);
  return regionPartition !== undefined && partition !== regionPartition ? `${regionPartition} for region ${region}` : undefined;
}

/** The partition a region belongs to, or undefined for a region outside the known partitions. */
export function partitionOfRegion(region: string): string | undefined {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (ISOLATED_REGION.test(region)) return undefined;
  return 'aws';
}
