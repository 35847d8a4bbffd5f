import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One stack of a synthesized cdktf app, with absolute paths. */
export interface SynthesizedStack {
  readonly name: string;
  /** Where `cdktf deploy` runs Terraform for this stack. */
  readonly workingDirectory: string;
  /** Its `cdk.tf.json`. */
  readonly configFile: string;
}

interface CdktfJson {
  readonly app: string;
  readonly output: string;
}

/** The app command and output folder of `cdktf.json`, as the cdktf CLI reads them. */
export function readCdktfJson(appDir: string): CdktfJson {
  const file = join(appDir, 'cdktf.json');
  if (!existsSync(file)) throw new Error(`no cdktf.json in ${appDir}: pass the folder of a cdktf app`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const { app, output } = (parsed ?? {}) as { app?: unknown; output?: unknown };
  if (typeof app !== 'string' || app.trim() === '') throw new Error(`${file} must name the app command in "app", got ${JSON.stringify(app)}`);
  if (output !== undefined && typeof output !== 'string') throw new Error(`${file} "output" must be a folder name, got ${JSON.stringify(output)}`);
  return { app, output: output ?? 'cdktf.out' };
}

/**
 * Synthesizes a cdktf app the way `cdktf synth` does: runs its `app` command in its folder with
 * `CDKTF_OUTDIR` set, then reads the stacks from the output's `manifest.json`.
 */
export async function synthesizeApp(appDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SynthesizedStack[]> {
  const dir = resolve(appDir);
  const { app, output } = readCdktfJson(dir);
  const outdir = resolve(dir, output);
  const result = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
    const child = spawn(app, { cwd: dir, env: { ...env, CDKTF_OUTDIR: outdir }, shell: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
  if (result.code !== 0) throw new Error(`synth failed: '${app}' in ${dir} exited ${result.code}:\n${result.stderr.trim()}`);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({
    name: s.name,
    workingDirectory: join(outdir, s.workingDirectory),
    configFile: join(outdir, s.synthesizedStackPath),
  }));
}
