import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This package's version, from its package.json: dist/cli/ when compiled, cli/ when run from source. */
export function packageVersion(): string {
  for (const up of [['..', '..'], ['..']]) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, ...up, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}
