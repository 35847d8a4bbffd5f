import { relative } from 'node:path';
import { create } from '@actions/glob';
import { InputError } from './inputs';

/** The most files one input may name: each is read whole, and a glob that matches more is a mistake. */
export const MAX_FILES_PER_INPUT = 100;

/**
 * The files and folders the lines of input `name` name (each line a path or a glob, in
 * `@actions/glob` syntax), relative to `cwd`, in line order, each line's matches sorted, without
 * repeats. A line that matches nothing is refused: a mistyped path never reviews as "no plans".
 */
export async function expandPaths(name: string, lines: readonly string[], cwd: string): Promise<string[]> {
  const paths: string[] = [];
  for (const line of lines) {
    // A folder given as a config is one configuration, not the files below it.
    const globber = await create(line, { implicitDescendants: false, matchDirectories: true, followSymbolicLinks: false });
    const matched: string[] = [];
    for await (const path of globber.globGenerator()) {
      matched.push(relative(cwd, path) || '.');
      if (paths.length + matched.length > MAX_FILES_PER_INPUT) {
        throw new InputError(`input '${name}' names more than ${MAX_FILES_PER_INPUT} files (at ${JSON.stringify(line)})`);
      }
    }
    if (matched.length === 0) throw new InputError(`input '${name}': ${JSON.stringify(line)} matches no file or folder`);
    for (const path of matched.sort()) if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}
