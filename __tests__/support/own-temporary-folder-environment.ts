import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment } from 'jest-environment-node';

/**
 * What tools this project runs make in the temporary folder and never remove, each with why it
 * may go: cdktf's and cdktn's `Testing` helpers write every synth to a new `cdktf.outdir.*`
 * folder; tsx keeps its cache and IPC pipes in `tsx-UID`.
 */
export const TOOL_LEFTOVERS: ReadonlyArray<{ readonly prefix: string; readonly madeBy: string }> = [
  { prefix: 'cdktf.outdir.', madeBy: "cdktf's and cdktn's Testing helpers" },
  { prefix: 'tsx-', madeBy: "tsx's cache and IPC pipes" },
];

/** How long what the test file started may take to finish removing its own files. */
const SETTLE_MS = 10_000;

/** What is left in `folder` besides the tools' leftovers, which are removed. */
export function removeToolLeftovers(folder: string): string[] {
  const left: string[] = [];
  for (const entry of readdirSync(folder)) {
    if (TOOL_LEFTOVERS.some(({ prefix }) => entry.startsWith(prefix))) rmSync(join(folder, entry), { recursive: true, force: true });
    else left.push(entry);
  }
  return left;
}

/**
 * Jest's node environment, with a temporary folder of the test file's own: TMPDIR points at it
 * while the file runs (in the worker, so `os.tmpdir()` and every child process, terraform,
 * moto and npm included, use it). At the end the tools' leftovers go, and the file fails, naming
 * what else it left, when the folder is not then empty (it is kept for a look); else it is
 * removed. A worker runs one file at a time, so no file sees another's folder.
 */
export default class OwnTemporaryFolderEnvironment extends TestEnvironment {
  private readonly folder: string;
  private readonly previous: string | undefined;

  constructor(...[config, context]: ConstructorParameters<typeof TestEnvironment>) {
    const previous = process.env.TMPDIR;
    const folder = mkdtempSync(join(tmpdir(), 'kms-anomaly-test-'));
    // Before the sandbox copies the environment: the test file's `process.env` holds it too.
    process.env.TMPDIR = folder;
    super(config, context);
    this.folder = folder;
    this.previous = previous;
  }

  async teardown(): Promise<void> {
    await super.teardown();
    if (this.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previous;
    // A provider plugin that terraform has just told to stop removes its socket folder (`plugin*`)
    // a moment after terraform itself exits: give processes that are ending a bounded while.
    let left = removeToolLeftovers(this.folder);
    for (const deadline = Date.now() + SETTLE_MS; left.length > 0 && Date.now() < deadline; left = removeToolLeftovers(this.folder)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (left.length > 0) throw new Error(`the test file left ${left.join(', ')} in its temporary folder, kept at ${this.folder}`);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
