import { join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * `npm run build [-- OUT_DIR]`: compiles the package into dist/ (or OUT_DIR) twice from the same
 * sources. The main tree takes its toolchain from cdktf; the `kms-anomaly-detector/cdktn` tree
 * (OUT_DIR/cdktn) is the constructs' and the harness's entries compiled with modules/toolchain/index.ts reading
 * `export * from './cdktn'`, so its JavaScript loads cdktn and its declarations name cdktn's
 * types. Both are type-checked as they are emitted.
 */
const ROOT = resolve(__dirname, '..');
const CONFIG = join(ROOT, 'tsconfig.build.json');
const TOOLCHAIN_SELECTOR = join(ROOT, 'modules', 'toolchain', 'index.ts');
/** Where the cdktn tree goes below the output folder. */
export const CDKTN_TREE = 'cdktn';
/** The sources of the cdktn tree's entries (`/cdktn`, `/cdktn/testing` and its Jest setup pair); what they import comes along. */
export const CDKTN_ENTRIES = ['modules/index.ts', 'testing/index.ts', 'testing/jest-global-setup.ts', 'testing/jest-global-teardown.ts'];

function compile(outDir: string, rootNames?: string[], toolchainSelector?: string): void {
  const read = ts.readConfigFile(CONFIG, (file) => ts.sys.readFile(file));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config as object, ts.sys, ROOT, { outDir }, CONFIG);
  const host = ts.createCompilerHost(parsed.options);
  if (toolchainSelector !== undefined) {
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (resolve(file) === TOOLCHAIN_SELECTOR ? toolchainSelector : readFile(file));
  }
  const program = ts.createProgram({ rootNames: rootNames ?? parsed.fileNames, options: parsed.options, host });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, host));
}

export function buildPackage(outDir: string): void {
  compile(outDir);
  compile(
    join(outDir, CDKTN_TREE),
    CDKTN_ENTRIES.map((entry) => join(ROOT, entry)),
    "export * from './cdktn';\n",
  );
}

if (require.main === module) buildPackage(resolve(process.argv[2] ?? join(ROOT, 'dist')));
