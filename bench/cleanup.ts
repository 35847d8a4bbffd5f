import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Everything the bench must undo, run last-in first-out when it ends, fails or is
 * interrupted. The bench's own temporary directories live under one root, removed last.
 */
export class Cleanup {
  private readonly steps: Array<{ readonly label: string; readonly run: () => unknown }> = [];
  private readonly root: string;
  private running: Promise<string[]> | undefined;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'kms-anomaly-bench-'));
    this.add(`remove ${this.root}`, () => rmSync(this.root, { recursive: true, force: true }));
  }

  /** A new empty directory under the bench's root. */
  tempDir(label: string): string {
    return mkdtempSync(join(this.root, `${label}-`));
  }

  add(label: string, run: () => unknown): void {
    this.steps.push({ label, run });
  }

  /** Runs every step once, even when some fail; returns what failed. Safe to call twice. */
  runAll(): Promise<string[]> {
    this.running ??= (async () => {
      const failures: string[] = [];
      for (const { label, run } of [...this.steps].reverse()) {
        try {
          await run();
        } catch (e) {
          failures.push(`${label}: ${(e as Error).message}`);
        }
      }
      return failures;
    })();
    return this.running;
  }
}
