import { SynthesizedStack } from '../terraform-runner/cdktf-app';
import { UsageError } from './usage-error';

/** The stack called `name`, or the only one; throws naming the stacks otherwise. */
export function selectStack(stacks: readonly SynthesizedStack[], name: string | undefined): SynthesizedStack {
  const names = stacks.map((s) => s.name).join(', ');
  if (name !== undefined) {
    const found = stacks.find((s) => s.name === name);
    if (!found) throw new UsageError(`--stack '${name}' is not a stack of the app; it has: ${names}`);
    return found;
  }
  if (stacks.length !== 1) throw new UsageError(`the app has ${stacks.length} stacks (${names}): name one with --stack`);
  return stacks[0];
}
