import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { npmInstall } from './npm-install';
import { PROJECT_ROOT } from './run-command';

interface Manifest {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * The package's dependencies and required peers, read from its package.json so that a new one is
 * never missed: the new project links the checkout's copies (what `npm ci` installed), and npm
 * needs the registry only for what the tarball adds.
 */
export function linkedDependencies(manifest: Manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest): string[] {
  const requiredPeers = Object.keys(manifest.peerDependencies).filter((name) => !manifest.peerDependenciesMeta?.[name]?.optional);
  return [...Object.keys(manifest.dependencies), ...requiredPeers];
}
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
 * tarball into a new project outside the checkout.
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
  for (const dependency of linkedDependencies()) {
    mkdirSync(dirname(join(project, 'node_modules', dependency)), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
  }
  npmInstall(project, [join(workspace, packed.filename)], { what: `the packed ${packed.filename} and its dependencies` });
  return { project, files: packed.files.map((f) => f.path) };
}
