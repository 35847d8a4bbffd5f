import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Runs the real terraform binary for the project's scripts and tests, offline when a provider
 * mirror is configured or found. Settings go only into the child's environment: the user's
 * global TF_CLI_CONFIG_FILE is never relied on or changed.
 */

/** Where provider mirrors are looked for when TF_PLUGIN_MIRROR is not set. */
export const MIRROR_CANDIDATES = ['/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins'];
const AWS_PROVIDER_IN_MIRROR = join('registry.terraform.io', 'hashicorp', 'aws');
/** Where the CLI configs (and, without a mirror, the plugin cache) go: outside the package, which may be read-only. */
const CACHE_DIR = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kms-anomaly-detector', 'terraform');

export class TerraformNotFoundError extends Error {
  constructor() {
    super(
      'terraform was not found on PATH (nor at TERRAFORM_BINARY). Install Terraform 1.11 or later ' +
        '(https://developer.hashicorp.com/terraform/install) and run again.',
    );
    this.name = 'TerraformNotFoundError';
  }
}

/** One error or warning of a `-json` command; `address` names the resource it is about, when it is about one. */
export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

export class TerraformCommandError extends Error {
  constructor(
    public readonly args: readonly string[],
    public readonly cwd: string,
    public readonly exitCode: number | null,
    public readonly stdout: string,
    public readonly stderr: string,
    /** The diagnostics of a `-json` command; empty for others. */
    public readonly diagnostics: readonly TerraformDiagnostic[] = [],
  ) {
    super(`terraform ${args.join(' ')} failed in ${cwd} (exit ${exitCode}):\n${(stderr || stdout).trim()}`);
    this.name = 'TerraformCommandError';
  }
}

export interface TerraformResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The terraform binary: TERRAFORM_BINARY, else the first `terraform` on PATH. */
export function findTerraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.TERRAFORM_BINARY
    ? [env.TERRAFORM_BINARY]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'terraform'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next
    }
  }
  throw new TerraformNotFoundError();
}

/** The provider mirror folder: TF_PLUGIN_MIRROR (must hold hashicorp/aws), else a known place that does, else none. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const holdsAws = (dir: string) => existsSync(join(dir, AWS_PROVIDER_IN_MIRROR));
  if (env.TF_PLUGIN_MIRROR) {
    if (!holdsAws(env.TF_PLUGIN_MIRROR)) {
      throw new Error(`TF_PLUGIN_MIRROR=${env.TF_PLUGIN_MIRROR} holds no ${AWS_PROVIDER_IN_MIRROR} folder`);
    }
    return env.TF_PLUGIN_MIRROR;
  }
  return MIRROR_CANDIDATES.find(holdsAws);
}

/**
 * Writes the CLI config the project's terraform runs use. With a mirror, the mirror is the only
 * provider source (no network needed); Terraform links an unpacked mirror's provider into each
 * working directory, so no cache is needed (measured: init 0.7 s). Without one, the registry is
 * used with a shared plugin cache so each working directory does not download ~700 MB again.
 */
export function writeCliConfig(mirror: string | undefined, cacheDir: string = CACHE_DIR): string {
  mkdirSync(cacheDir, { recursive: true });
  const lines = mirror
    ? ['provider_installation {', '  filesystem_mirror {', `    path    = ${JSON.stringify(mirror)}`, '    include = ["registry.terraform.io/*/*"]', '  }', '}']
    : [`plugin_cache_dir = ${JSON.stringify(join(cacheDir, 'plugin-cache'))}`];
  if (!mirror) mkdirSync(join(cacheDir, 'plugin-cache'), { recursive: true });
  const file = join(cacheDir, mirror ? 'offline.tfrc' : 'online.tfrc');
  const text = lines.join('\n') + '\n';
  if (readIfExists(file) === text) return file;
  // Written beside and renamed into place: a terraform of another process reading the file
  // meanwhile sees the old or the new config, never a truncated one (which means the registry).
  const partial = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return file;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Go's garbage-collector target for terraform and the provider it launches, unless GOGC is set.
 * Every provider launch builds the ~700 MB hashicorp/aws provider's schema (2-4 s, three
 * launches per plan); at Go's default of 100 a third of that CPU is garbage collection. Measured
 * on a no-change plan of the example: 400 takes user CPU from 15 s to 9.5 s and elapsed from
 * 11.5 s to 9.5 s, for 770 MB instead of 620 MB peak; higher values save no more time.
 */
export const TERRAFORM_GOGC = '400';

/** Environment for a terraform child process. */
export function terraformEnvironment(extra: NodeJS.ProcessEnv = {}, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const merged = { ...env, ...extra };
  return {
    ...merged,
    GOGC: merged.GOGC || TERRAFORM_GOGC,
    // Last, so that no TF_CLI_CONFIG_FILE of the caller's environment (which may name a missing file) wins.
    TF_CLI_CONFIG_FILE: writeCliConfig(findProviderMirror(merged)),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

export interface TerraformOptions {
  /** Extra environment for every command (provider credentials, endpoints). */
  readonly env?: NodeJS.ProcessEnv;
}

/** One resource's planned action, from `terraform plan -json`. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** `create`, `update`, `delete`, `replace`, `read`, `noop`, `move`, `remove` (forget: a `removed` block) */
  readonly action: string;
  /** for move: the address a `moved` block brings the resource from */
  readonly previousAddress?: string;
  /** for replace: `cannot_update`, `tainted`, `requested`, ... */
  readonly reason?: string;
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function plannedChanges(stdout: string): PlannedChange[] {
  return jsonLines(stdout)
    .filter((m) => m.type === 'planned_change')
    .map((m) => {
      const change = m.change as { resource: { addr: string; resource_type: string }; previous_resource?: { addr: string }; action: string; reason?: string };
      return {
        address: change.resource.addr,
        type: change.resource.resource_type,
        action: change.action,
        reason: change.reason,
        previousAddress: change.previous_resource?.addr,
      };
    });
}

function diagnostics(stdout: string): TerraformDiagnostic[] {
  return jsonLines(stdout)
    .filter((m) => m.type === 'diagnostic')
    .map((m) => m.diagnostic as TerraformDiagnostic);
}

/** Diagnostics as Terraform would print them. */
export function formatDiagnostics(list: readonly TerraformDiagnostic[]): string {
  return list.map((d) => `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}${d.address ? ` (${d.address})` : ''}\n${d.detail ?? ''}`).join('\n\n');
}

const DONE: Readonly<Record<string, string>> = { create: 'created', update: 'updated', delete: 'destroyed', read: 'read', replace: 'replaced' };

/** Turns `apply -json` output, chunk by chunk, into one line per finished or failed resource. */
function progressReporter(progress: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line) as { type?: string; hook?: { resource?: { addr?: string }; action?: string; elapsed_seconds?: number } };
      const { hook } = message;
      if (message.type === 'apply_complete' && hook?.resource?.addr) {
        progress(`${hook.resource.addr}: ${DONE[hook.action ?? ''] ?? hook.action} in ${hook.elapsed_seconds ?? 0} s`);
      } else if (message.type === 'apply_errored' && hook?.resource?.addr) {
        progress(`${hook.resource.addr}: ${hook.action ?? 'apply'} failed after ${hook.elapsed_seconds ?? 0} s`);
      }
    }
  };
}

/** Terraform in one working directory. */
export class Terraform {
  private readonly binary = findTerraformBinary();
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    public readonly workingDirectory: string,
    options: TerraformOptions = {},
  ) {
    if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
      throw new Error(`Terraform working directory ${workingDirectory} does not exist`);
    }
    this.env = terraformEnvironment(options.env);
  }

  init(): Promise<TerraformResult> {
    return this.run(['init', '-no-color', '-input=false']);
  }

  validate(): Promise<TerraformResult> {
    return this.run(['validate', '-no-color']);
  }

  /**
   * `plan -detailed-exitcode -json`: `changes` is true when the plan is not empty, and
   * `plannedChanges` lists each resource's action from Terraform's machine-readable output, so
   * callers need no separate (provider-loading, seconds-long) `terraform show`.
   */
  async plan(
    options: { out?: string; destroy?: boolean; refresh?: boolean } = {},
  ): Promise<TerraformResult & { changes: boolean; plannedChanges: PlannedChange[] }> {
    const args = ['plan', '-no-color', '-input=false', '-detailed-exitcode', '-json'];
    if (options.out) args.push(`-out=${options.out}`);
    if (options.destroy) args.push('-destroy');
    if (options.refresh === false) args.push('-refresh=false');
    const result = await this.runJson(args, [0, 2]);
    return { ...result, changes: result.exitCode === 2, plannedChanges: plannedChanges(result.stdout) };
  }

  /** The JSON of a saved plan (`terraform show -json`). */
  async showPlan(planFile: string): Promise<unknown> {
    const { stdout } = await this.run(['show', '-no-color', '-json', planFile]);
    return JSON.parse(stdout);
  }

  /**
   * `terraform apply` (of `planFile` when given). With `progress`, Terraform reports in `-json`
   * and each resource it finishes becomes one line (`aws_kms_key.k: created in 12 s`), then a
   * total: long applies (KMS waiters take seconds a key) never look stuck. With `json` (implied
   * by `progress`), a failure's TerraformCommandError carries the diagnostics, each with the
   * address of the resource it is about.
   */
  async apply(planFile?: string, options: { progress?: (line: string) => void; json?: boolean } = {}): Promise<TerraformResult> {
    const { progress } = options;
    const json = options.json === true || progress !== undefined;
    const args = ['apply', '-no-color', '-input=false', '-auto-approve', ...(json ? ['-json'] : []), ...(planFile ? [planFile] : [])];
    if (!json) return this.run(args);
    const started = Date.now();
    const result = await this.runJson(args, [0], progress && progressReporter(progress));
    progress?.(`apply finished in ${Math.round((Date.now() - started) / 1000)} s`);
    return result;
  }

  destroy(): Promise<TerraformResult> {
    return this.run(['destroy', '-no-color', '-input=false', '-auto-approve']);
  }

  /** `run` for a `-json` command: a failure's message is its error diagnostics, as Terraform would print them. */
  private async runJson(args: readonly string[], acceptedExitCodes: readonly number[], onStdout?: (chunk: string) => void): Promise<TerraformResult> {
    try {
      return await this.run(args, acceptedExitCodes, onStdout);
    } catch (e) {
      if (e instanceof TerraformCommandError) {
        const found = diagnostics(e.stdout);
        throw new TerraformCommandError(e.args, e.cwd, e.exitCode, formatDiagnostics(found), e.stderr, found);
      }
      throw e;
    }
  }

  /** Runs `terraform ARGS`; rejects with TerraformCommandError unless the exit code is accepted. */
  run(args: readonly string[], acceptedExitCodes: readonly number[] = [0], onStdout?: (chunk: string) => void): Promise<TerraformResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.binary, args, { cwd: this.workingDirectory, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => {
        stdout.push(b);
        onStdout?.(b.toString());
      });
      child.stderr.on('data', (b: Buffer) => stderr.push(b));
      child.on('error', reject);
      child.on('close', (code) => {
        const out = Buffer.concat(stdout).toString();
        const err = Buffer.concat(stderr).toString();
        if (code !== null && acceptedExitCodes.includes(code)) {
          resolvePromise({ exitCode: code, stdout: out, stderr: err });
        } else {
          reject(new TerraformCommandError(args, this.workingDirectory, code, out, err));
        }
      });
    });
  }
}
