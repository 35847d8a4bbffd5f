import { Construct, IConstruct } from 'constructs';
import { AwsProvider, DataAwsCallerIdentity, DataAwsPartition, DataAwsRegion, TerraformProvider, TerraformStack, Token } from '../toolchain';
import { parseArn } from '../aws/arns';
import { PARTITION_DNS_SUFFIXES, partitionOfRegion } from '../aws/partitions';
import { AwsScope } from '../aws/scope';

/** Overrides of the provider's region, account and partition (the key's props). */
export type EnvironmentOverrides = Partial<Pick<AwsScope, 'region' | 'account' | 'partition'>>;

/**
 * The settings of an AWS provider this library reads. Read by shape, not by class, so a
 * provider of another binding of hashicorp/aws (CDK Terrain's) serves as well.
 */
interface AwsProviderSettings {
  readonly alias?: string;
  readonly region?: string;
  readonly allowedAccountIds?: string[];
  // A list of blocks, or a token standing for one.
  readonly assumeRole?: unknown;
}

/** The provider a construct's resources use: the one given, else the stack's default (unaliased) AWS provider. */
export function awsProviderOf(scope: IConstruct, provider?: TerraformProvider): TerraformProvider | undefined {
  if (provider !== undefined) return provider;
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

const literal = (value: unknown): string | undefined => (typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined);

/** What a provider's settings tell at synth, read from one look-up of the provider. */
export interface LiteralProviderSettings {
  /** The region, when it is a literal. */
  readonly region?: string;
  /**
   * The account it works in, when its settings name one: a single `allowed_account_ids` entry,
   * or the account of a literal `assume_role` role ARN. Unknown otherwise (the credentials decide).
   */
  readonly account?: string;
  /** How messages name it: the default aws provider, or `provider aws.ALIAS`. */
  readonly name: string;
}

/** The literal settings of the provider a construct's resources use (see `awsProviderOf`). */
export function literalProviderSettings(scope: IConstruct, provider?: TerraformProvider): LiteralProviderSettings {
  const settings = awsProviderOf(scope, provider) as AwsProviderSettings | undefined;
  const alias = literal(settings?.alias);
  return { region: literal(settings?.region), account: accountOf(settings), name: alias === undefined ? 'the default aws provider' : `provider aws.${alias}` };
}

function accountOf(settings: AwsProviderSettings | undefined): string | undefined {
  const allowed = settings?.allowedAccountIds;
  if (Array.isArray(allowed) && allowed.length === 1) return literal(allowed[0]);
  const roles = settings?.assumeRole;
  const roleArn = Array.isArray(roles) ? literal((roles[0] as { roleArn?: unknown } | undefined)?.roleArn) : undefined;
  return roleArn === undefined ? undefined : parseArn(roleArn)?.account || undefined;
}

/**
 * One data source per provider, shared by every construct that needs it: the default
 * provider's in the stack, with the ids they always had (existing stacks synthesize unchanged);
 * an aliased provider's beside the provider, so they come and go with it.
 */
function singleton<T extends IConstruct>(
  scope: IConstruct,
  provider: TerraformProvider | undefined,
  id: string,
  create: (scope: Construct, id: string, provider: TerraformProvider | undefined) => T,
): T {
  const alias = literal((provider as AwsProviderSettings | undefined)?.alias);
  const home: Construct = alias === undefined || provider === undefined ? TerraformStack.of(scope) : (provider.node.scope as Construct);
  const uniqueId = alias === undefined ? id : `${id}_${alias}`;
  return (home.node.tryFindChild(uniqueId) as T | undefined) ?? create(home, uniqueId, provider);
}

/**
 * Region, account, partition and DNS suffix where a provider works: literals where known,
 * data-source tokens of that provider otherwise. `provider` undefined is the stack's default.
 */
export function providerEnvironment(scope: IConstruct, overrides: EnvironmentOverrides = {}, provider?: TerraformProvider): Required<AwsScope> {
  const region =
    overrides.region ??
    literalProviderSettings(scope, provider).region ??
    singleton(scope, provider, 'AnomalyDetectorRegion', (s, id, p) => new DataAwsRegion(s, id, { provider: p })).name;
  const account =
    overrides.account ?? singleton(scope, provider, 'AnomalyDetectorCallerIdentity', (s, id, p) => new DataAwsCallerIdentity(s, id, { provider: p })).accountId;

  const literalPartition = overrides.partition ?? (Token.isUnresolved(region) ? undefined : partitionOfRegion(region));
  if (literalPartition !== undefined && PARTITION_DNS_SUFFIXES[literalPartition] !== undefined) {
    return { region, account, partition: literalPartition, dnsSuffix: PARTITION_DNS_SUFFIXES[literalPartition] };
  }
  const partition = singleton(scope, provider, 'AnomalyDetectorPartition', (s, id, p) => new DataAwsPartition(s, id, { provider: p }));
  return { region, account, partition: overrides.partition ?? partition.partition, dnsSuffix: partition.dnsSuffix };
}
