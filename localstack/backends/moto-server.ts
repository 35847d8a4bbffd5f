import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from './backend';
import { spawnProcessGroup, stopProcessGroup } from './process-groups';
import { waitForHttp } from './wait-for-http';

/** The moto release this harness is written and tested against (see localstack/README.md for its gaps). */
export const MOTO_VERSION = '5.2.1';
const INSTALL = `pip install 'moto[server]==${MOTO_VERSION}'`;
const SERVER_MODULES = ['moto', 'flask', 'flask_cors', 'werkzeug'];
/** werkzeug's start-up line; with `-p 0` it is where the port the kernel chose shows up. */
const LISTENING = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

export interface MotoServerOptions {
  /** @default 'python3' */
  readonly python?: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/** Throws, saying how to install it, when `python` cannot run moto's server. */
export function checkMotoInstalled(python: string): void {
  const findMissing = `import importlib.util as u; print(' '.join(m for m in ${JSON.stringify(SERVER_MODULES)} if u.find_spec(m) is None))`;
  const probe = spawnSync(python, ['-c', findMissing], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) {
    throw new Error(`'${python}' cannot be run (${probe.error.message}); install Python 3, then moto: ${INSTALL}`);
  }
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').pop() || `exit code ${probe.status ?? probe.signal}`;
    throw new Error(`'${python}' could not look for moto (${why}); install Python 3, then moto: ${INSTALL}`);
  }
  const missing = probe.stdout.trim();
  if (missing) throw new Error(`'${python}' cannot import ${missing.split(' ').join(', ')}; install moto's server with: ${INSTALL}`);
}

/**
 * moto's server on the host, on a loopback port the kernel picks (`-p 0`, so no other process
 * can take it between choosing and binding), health-checked, its output in a log file under
 * the system's temporary directory: kept when moto fails to start or ends on its own, removed
 * by `stop()` otherwise.
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<Backend> {
  const python = options.python ?? 'python3';
  const timeoutMs = options.timeoutMs ?? 30_000;
  checkMotoInstalled(python);

  const logFile = join(tmpdir(), `local-aws-moto-${process.pid}-${Date.now()}.log`);
  const child = spawnProcessGroup(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], logFile, {
    ...process.env,
    PYTHONUNBUFFERED: '1',
  });
  let failed: string | undefined;
  child.once('exit', (code, signal) => (failed = `moto exited during start-up (${signal ?? `exit code ${code}`})`));
  child.once('error', (e) => (failed = `moto could not be started: ${e.message}`));

  const deadline = Date.now() + timeoutMs;
  try {
    const port = await portFromLog(logFile, deadline, () => failed);
    const endpoint = `http://127.0.0.1:${port}`;
    await waitForHttp(`${endpoint}/moto-api/`, Math.max(0, deadline - Date.now()), () => failed);
    const ended = () => (child.signalCode ? `was killed by ${child.signalCode}` : child.exitCode !== null ? `exited with code ${child.exitCode}` : undefined);
    // One listener for the whole run, however many failures ask.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const endedWithin = async (graceMs: number) => {
      if (ended() !== undefined) return ended();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      return ended();
    };
    // A moto that ended on its own failed: its log stays for a look (failures name it); else it goes with it.
    const stop = async () => {
      const failed = ended() !== undefined;
      await stopProcessGroup(child);
      if (!failed) rmSync(logFile, { force: true });
    };
    return { kind: 'moto', endpoint, logFile, pid: child.pid, ended, endedWithin, stop };
  } catch (e) {
    await stopProcessGroup(child);
    throw new Error(`${(e as Error).message}; see ${logFile}`, { cause: e });
  }
}

async function portFromLog(logFile: string, deadline: number, failure: () => string | undefined): Promise<number> {
  for (;;) {
    const why = failure();
    if (why) throw new Error(why);
    const port = LISTENING.exec(readFileSync(logFile, 'utf8'))?.[1];
    if (port) return Number(port);
    if (Date.now() > deadline) throw new Error('moto did not report its port in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
