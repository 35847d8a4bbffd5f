import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CDKTF_TOOLCHAIN } from '../../modules/toolchain/installed';
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
  // The toolchain the checkout runs on: its packages are optional peers, and this project uses them.
  const toolchain = Object.keys(CDKTF_TOOLCHAIN.packages).filter((name) => !requiredPeers.includes(name));
  return [...Object.keys(manifest.dependencies), ...requiredPeers, ...toolchain];
}
/** What `files` in package.json ships besides dist/. */
const SHIPPED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'terraform-module', 'cli/audit/policies', 'cli/audit/role-templates'];

/** Runs a command; a failure's message carries its output (tsc reports errors on stdout). */
export function runIn(cwd: string, command: string, args: string[], input?: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, input, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`, { cause: e });
  }
}

export interface PackedPackage {
  /** The tarball, as `npm pack` would publish it. */
  readonly tarball: string;
  /** What the tarball holds, as `npm pack` lists it. */
  readonly files: readonly string[];
}

export interface PackedProject extends PackedPackage {
  /** The new project, with the tarball installed. */
  readonly project: string;
}

/**
 * Builds the package into a staging copy under `workspace` (never the checkout's dist/, which
 * another tier may be building) and packs it as `npm pack` would publish it.
 */
export function packPackage(workspace: string): PackedPackage {
  const staging = join(workspace, 'staging');
  mkdirSync(staging);
  for (const entry of SHIPPED) cpSync(join(PROJECT_ROOT, entry), join(staging, entry), { recursive: true });
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  runIn(PROJECT_ROOT, tsx, [join(PROJECT_ROOT, 'bin', 'build-package.ts'), join(staging, 'dist')]);
  // Scripts skipped: prepack would build again, into the staging copy's own dist/.
  const [packed] = JSON.parse(runIn(staging, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workspace])) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return { tarball: join(workspace, packed.filename), files: packed.files.map((f) => f.path) };
}

export interface ConsumerOptions {
  /**
   * The toolchain and tools the project installs from the registry beside the tarball (e.g.
   * `cdktn@0.24.0`), as a user on another toolchain would.
   * @default - none: the checkout's own dependencies and required peers are linked in
   */
  readonly install?: readonly string[];
  /** More of the checkout's packages to link in, e.g. the TypeScript compiler. @default none */
  readonly link?: readonly string[];
  /** Environment of the install (e.g. another npm cache). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A new project outside the checkout, named `projectName`, with `packed` installed. */
export function installConsumerProject(workspace: string, projectName: string, packed: PackedPackage, options: ConsumerOptions = {}): PackedProject {
  const project = join(workspace, projectName);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: projectName, version: '1.0.0', private: true }));
  const link = (dependencies: readonly string[]) => {
    for (const dependency of dependencies) {
      mkdirSync(dirname(join(project, 'node_modules', dependency)), { recursive: true });
      symlinkSync(join(PROJECT_ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
    }
  };
  const linked = options.install === undefined ? linkedDependencies() : [];
  link(linked);
  const specs = [packed.tarball, ...(options.install ?? [])];
  npmInstall(project, specs, { what: `${specs.map((spec) => basename(spec)).join(', ')} and their dependencies`, env: options.env });
  // After the install too: npm removes linked packages that nothing in the project requires.
  link([...linked, ...(options.link ?? [])].filter((dependency) => !existsSync(join(project, 'node_modules', dependency))));
  return { ...packed, project };
}

/** Packs the package and installs it into a new project linking the checkout's dependencies. */
export function installPackedPackage(workspace: string, projectName: string): PackedProject {
  return installConsumerProject(workspace, projectName, packPackage(workspace));
}
