import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './run-command';

/** The package's peers and dependencies: the new project links the checkout's copies, so no network is needed. */
const LINKED = ['cdktf', 'constructs', '@cdktf/provider-aws', '@cdktf/hcl2json', '@aws-sdk/client-kms', '@aws-sdk/client-cloudwatch-logs'];
/** What `files` in package.json ships besides dist/. */
const SHIPPED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'terraform-module'];

/** Runs a command; a failure's message carries its output (tsc reports errors on stdout). */
export function runIn(cwd: string, command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`, { cause: e });
  }
}

export interface PackedProject {
  /** The new project, with the tarball installed. */
  readonly project: string;
  /** What the tarball holds, as `npm pack` lists it. */
  readonly files: readonly string[];
}

/**
 * Builds the package into a staging copy under `workspace` (never the checkout's dist/, which
 * another tier may be building), packs it as `npm pack` would publish it, and installs the
 * tarball offline into a new project outside the checkout.
 */
export function installPackedPackage(workspace: string, projectName: string): PackedProject {
  const staging = join(workspace, 'staging');
  mkdirSync(staging);
  for (const entry of SHIPPED) cpSync(join(PROJECT_ROOT, entry), join(staging, entry), { recursive: true });
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  runIn(PROJECT_ROOT, process.execPath, [tsc, '-p', join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', join(staging, 'dist')]);
  // Scripts skipped: prepack would build again, into the staging copy's own dist/.
  const [packed] = JSON.parse(runIn(staging, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workspace])) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const project = join(workspace, projectName);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: projectName, version: '1.0.0', private: true }));
  for (const dependency of LINKED) {
    mkdirSync(dirname(join(project, 'node_modules', dependency)), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
  }
  runIn(project, 'npm', ['install', join(workspace, packed.filename), '--offline', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts']);
  return { project, files: packed.files.map((f) => f.path) };
}
