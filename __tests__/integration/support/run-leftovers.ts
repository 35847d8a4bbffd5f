import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Processes whose environment holds `marker` (NAME=VALUE): every process a test started,
 * and whatever those started, carry it even after their parent has gone and they were
 * re-parented to init, which counting descendants would miss. Linux /proc only.
 */
export function processesCarrying(marker: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (
        !readFileSync(join('/proc', entry, 'environ'), 'latin1')
          .split('\0')
          .includes(marker)
      )
        continue;
      found.push({
        pid: Number(entry),
        command: readFileSync(join('/proc', entry, 'cmdline'), 'latin1')
          .split('\0')
          .join(' ')
          .trim(),
      });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}
