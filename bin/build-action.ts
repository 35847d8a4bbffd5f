import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, Plugin } from 'esbuild';

const ROOT = resolve(__dirname, '..');
/** The committed bundle the runner runs (action.yml `runs.main`). */
export const ACTION_BUNDLE = join(ROOT, 'action', 'dist', 'index.js');

/**
 * @cdktf/hcl2json reads its WebAssembly (main.wasm.gz) from beside its own files at run time; a
 * single-file action has no such file, so the bundle carries the gzipped bytes (esbuild's binary
 * loader) and the read becomes that import. The build fails if hcl2json's read ever changes.
 */
const WASM_READ = '(0, zlib_1.gunzipSync)(await fs.readFile((0, path_1.join)(__dirname, "..", "main.wasm.gz")))';
const embedHclWasm: Plugin = {
  name: 'embed-hcl2json-wasm',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(WASM_READ).length !== 2) throw new Error(`${args.path} no longer reads its WebAssembly as ${WASM_READ}: update bin/build-action.ts`);
      return { contents: source.replace(WASM_READ, '(0, zlib_1.gunzipSync)(require("../main.wasm.gz"))'), loader: 'js' };
    });
  },
};

/** The undici copies under node_modules/@actions, by version: the first folder in sorted order (a choice that never depends on build order). */
function undiciCopies(): Map<string, string> {
  const actions = join(ROOT, 'node_modules', '@actions');
  const copies = new Map<string, string>();
  const folders = readdirSync(actions, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|[\\/])node_modules[\\/]undici$/.test(path))
    .sort();
  for (const folder of folders) {
    const { version } = JSON.parse(readFileSync(join(actions, folder, 'package.json'), 'utf8')) as { version: string };
    if (!copies.has(version)) copies.set(version, join(actions, folder));
  }
  return copies;
}

/**
 * @actions/core's and @actions/github's HTTP clients each install undici in their own folder
 * (another undici sits at the top for other tools), so the bundle would carry it twice: an import
 * of undici resolves into one folder per version. Different versions stay apart.
 */
const oneUndiciPerVersion: Plugin = {
  name: 'one-undici-per-version',
  setup(pluginBuild) {
    const copies = undiciCopies();
    pluginBuild.onResolve({ filter: /^undici$/ }, async (args) => {
      if (args.pluginData === 'one-undici-per-version') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'one-undici-per-version' });
      const packageDir = /^(.*[\\/]node_modules[\\/]undici)[\\/]/.exec(resolved.path)?.[1];
      if (resolved.errors.length > 0 || packageDir === undefined) return resolved;
      const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
      const shared = copies.get(version);
      return { path: shared === undefined ? resolved.path : join(shared, relative(packageDir, resolved.path)) };
    });
  },
};

/**
 * The action as one CommonJS file for Node 24 (action/index.ts and everything it imports,
 * dependencies included): the runner needs no install. Built from the checkout's root, so the
 * file names in its comments, and so its bytes, do not depend on where the checkout is.
 */
export async function bundleAction(): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['action/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    tsconfig: 'action/tsconfig.json',
    loader: { '.gz': 'binary' },
    plugins: [embedHclWasm, oneUndiciPerVersion],
    // hcl2json's Go runtime requires a 'performance' package only where globalThis.performance is missing (never on Node 24).
    external: ['performance'],
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

if (require.main === module) {
  void bundleAction().then((bundle) => {
    writeFileSync(ACTION_BUNDLE, bundle);
    console.log(`Wrote ${ACTION_BUNDLE} (${bundle.length} bytes)`);
  });
}
