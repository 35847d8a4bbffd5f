import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/** The parts of a synthesized stack the tests read. */
export interface SynthesizedStack {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly removed?: ReadonlyArray<{ from: string; lifecycle: { destroy: boolean } }>;
  readonly moved?: ReadonlyArray<{ from: string; to: string }>;
}

/**
 * Synthesizes a stack built by `build`. The provider region is a literal unless `region` is
 * null, which leaves it to the provider's environment as a real user might.
 */
export function synthStack(build: (stack: TerraformStack) => void, region: string | null = 'us-east-1'): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', region === null ? {} : { region });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** The only resource of `type`; fails when there are none or several. */
export function onlyResource(synthesized: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(synthesized.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function resourceCount(synthesized: SynthesizedStack, type: string): number {
  return Object.keys(synthesized.resource[type] ?? {}).length;
}
