import { relative } from 'node:path';
import { create } from '@actions/glob';
import { InputError } from './inputs';

/** The most files one input may name: each is read whole, and a glob that matches more is a mistake. */
export const MAX_FILES_PER_INPUT = 100;

/**
 * What a matched path may hold: a glob matches the names of files a pull request can add, and a
 * plan's path is its title in the comment, so only plain path characters get that far.
 */
const PLAIN_PATH = /^[A-Za-z0-9._/@+=-]{1,200}$/;
const PLAIN_PATH_RULE = 'up to 200 letters, digits and . _ / @ + = -';

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
      const relativePath = relative(cwd, path) || '.';
      if (!PLAIN_PATH.test(relativePath)) {
        throw new InputError(`input '${name}': ${JSON.stringify(line)} matches ${JSON.stringify(relativePath)}; a path must be ${PLAIN_PATH_RULE}`);
      }
      matched.push(relativePath);
      if (paths.length + matched.length > MAX_FILES_PER_INPUT) {
        throw new InputError(`input '${name}' names more than ${MAX_FILES_PER_INPUT} files (at ${JSON.stringify(line)})`);
      }
    }
    if (matched.length === 0) throw new InputError(`input '${name}': ${JSON.stringify(line)} matches no file or folder`);
    for (const path of matched.sort()) if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}
