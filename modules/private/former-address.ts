import { Node } from 'constructs';
import { TerraformStack } from '../toolchain';

/**
 * The logical id the stack allocates to an element at `path` (construct ids below the stack),
 * whether or not a construct stands there now: the stack's own allocation is asked with a
 * stand-in holding just what it reads (`scopes` and their ids, `id`, `path`), so a stack with
 * its own naming scheme is honoured too.
 */
export function logicalIdAt(stack: TerraformStack, path: readonly string[]): string {
  const standIn = {
    id: path[path.length - 1],
    path: [stack.node.path, ...path].filter(Boolean).join('/'),
    scopes: [...stack.node.scopes, ...path.map((id) => ({ node: { id } }))],
  };
  return stack.getLogicalId(standIn as unknown as Node);
}

/** The path of `node` below its stack, as construct ids joined by '/'. */
export function pathInStack(stack: TerraformStack, node: Node): string {
  const scopes = node.scopes;
  return scopes
    .slice(scopes.indexOf(stack) + 1)
    .map((c) => c.node.id)
    .join('/');
}
