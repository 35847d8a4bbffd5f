import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';

/** Children started here and not yet exited, each the leader of its own process group, with their log files. */
const running = new Map<ChildProcess, string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** This process is ending: its children go, and so do their logs (a child still running has not failed). */
function killAllNow(): void {
  for (const [child, logFile] of running) {
    killGroup(child, 'SIGKILL');
    rmSync(logFile, { force: true });
  }
}

/**
 * On a signal nobody else handles, end the children, then let the signal do what it would
 * have done. When the program handles the signal itself (as `npm start` does, to destroy
 * its stack first), it stops local AWS in its own time, and the exit hook covers the rest.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAllNow();
  removeHooks();
  process.kill(process.pid, signal);
}

function installHooks(): void {
  process.on('exit', killAllNow);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeHooks(): void {
  process.off('exit', killAllNow);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Starts `command` in a process group of its own, with stdout and stderr appended to
 * `logFile`. Its own group keeps a terminal's Ctrl-C from killing it before the program has
 * cleaned up with it, and lets the whole group (grandchildren too) be ended at once: on
 * `stopProcessGroup`, on process exit, or on SIGINT/SIGTERM/SIGHUP (which also remove the log of
 * a child still running then). It does not keep this process alive by itself.
 */
export function spawnProcessGroup(command: string, args: readonly string[], logFile: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env });
    if (running.size === 0) installHooks();
    running.set(child, logFile);
    const forget = () => {
      running.delete(child);
      if (running.size === 0) removeHooks();
    };
    child.once('exit', forget);
    // A command that cannot be spawned emits 'error' and never 'exit'; callers see it exit early.
    child.once('error', forget);
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

/** SIGTERM to the group, SIGKILL if it is still there after `graceMs`. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  // Never started (no pid), or gone already: nothing to wait for.
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
