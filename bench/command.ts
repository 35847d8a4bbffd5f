import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly ms: number;
  /** null when a signal ended it. */
  readonly exitCode: number | null;
  /** The end of stdout and stderr together, for failure messages. */
  readonly outputTail: string;
}

const TAIL_CHARS = 4000;

/** Runs a whole process and times it from spawn to exit. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ ms: performance.now() - start, exitCode, outputTail: tail }));
  });
}
