import { spawnSync } from 'node:child_process';

/**
 * npm's error codes for a registry it could not reach, or a cache that could not stand in for it
 * (ENOTCACHED: an `--offline` install whose packument was never downloaded on this machine).
 */
export const REGISTRY_UNREACHABLE_CODES = [
  'ENOTCACHED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
] as const;

export interface NpmInstallOptions {
  /** What the install is for, as the failure names it, e.g. "the packed tarball and its dependencies". */
  readonly what: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra npm flags, e.g. a registry or retry count for a test of the failure itself. @default none */
  readonly flags?: readonly string[];
}

/**
 * `npm install SPECS` in `project`, using the npm cache first and the registry for what it lacks
 * (`--prefer-offline`: a new machine's cache is empty, and the registry is reachable on every
 * machine of this project). A registry that cannot be reached fails with
 * `needs the npm registry to install WHAT: …`, naming npm's error, not a bare npm log.
 */
export function npmInstall(project: string, specs: readonly string[], options: NpmInstallOptions): void {
  const args = ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', ...(options.flags ?? [])];
  const result = spawnSync('npm', args, { cwd: project, env: options.env ?? process.env, encoding: 'utf8' });
  if (result.error) throw new Error(`npm could not be started in ${project}: ${result.error.message}`, { cause: result.error });
  if (result.status === 0) return;
  const errors = npmErrorLines(result.stderr);
  const code = /^code (\S+)/.exec(errors[0] ?? '')?.[1];
  // The first line after code/syscall/errno says what failed; the rest is a stack and a dump.
  const detail = errors.find((line) => !/^(code|syscall|errno) /.test(line)) ?? '';
  if (code && (REGISTRY_UNREACHABLE_CODES as readonly string[]).includes(code)) {
    throw new Error(`needs the npm registry to install ${options.what}: ${code}: ${detail}`);
  }
  throw new Error(`npm ${args.join(' ')} failed in ${project} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
}

/** npm's `npm error …` lines, without the pointer to its log file. */
function npmErrorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('npm error '))
    .map((line) => line.slice('npm error '.length).trim())
    .filter((line) => line && !line.startsWith('A complete log of this run') && !line.includes('/_logs/'));
}
