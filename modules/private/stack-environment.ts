import { TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { PARTITION_DNS_SUFFIXES, partitionOfRegion } from '../aws/partitions';
import { AwsScope } from '../aws/scope';

/** Overrides of the stack's region, account and partition (the key's props). */
export type StackEnvironmentOverrides = Partial<Pick<AwsScope, 'region' | 'account' | 'partition'>>;

/** The region of the stack's default AWS provider, when it is a literal. */
export function literalProviderRegion(scope: IConstruct): string | undefined {
  const stack = TerraformStack.of(scope);
  const provider = stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
  const region = provider?.region;
  return region !== undefined && !Token.isUnresolved(region) ? region : undefined;
}

/** One data source per stack, shared by every construct that needs it. */
function singleton<T extends IConstruct>(scope: IConstruct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack, id);
}

/** Region, account, partition and DNS suffix of a stack: literals where known, data-source tokens otherwise. */
export function stackEnvironment(scope: IConstruct, overrides: StackEnvironmentOverrides = {}): Required<AwsScope> {
  const region = overrides.region ?? literalProviderRegion(scope) ?? singleton(scope, 'AnomalyDetectorRegion', (s, id) => new DataAwsRegion(s, id)).name;
  const account = overrides.account ?? singleton(scope, 'AnomalyDetectorCallerIdentity', (s, id) => new DataAwsCallerIdentity(s, id)).accountId;

  const literalPartition = overrides.partition ?? (Token.isUnresolved(region) ? undefined : partitionOfRegion(region));
  if (literalPartition !== undefined && PARTITION_DNS_SUFFIXES[literalPartition] !== undefined) {
    return { region, account, partition: literalPartition, dnsSuffix: PARTITION_DNS_SUFFIXES[literalPartition] };
  }
  const partition = singleton(scope, 'AnomalyDetectorPartition', (s, id) => new DataAwsPartition(s, id));
  return { region, account, partition: overrides.partition ?? partition.partition, dnsSuffix: partition.dnsSuffix };
}
