import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';
import ts from 'typescript';

/**
 * `npm run api`: the public surface, written down twice from the same declarations.
 * - `api/*.api.md`: API Extractor's report of each entry. In check mode (the test) a surface
 *   that differs from the committed report fails, so no export changes unnoticed.
 * - `docs/api/`: the reference generated from the TSDoc (typedoc with its markdown plugin).
 * Only the declarations of the three entries are emitted (no JavaScript, no cdktn tree: its
 * names are the main entry's, typed with cdktn's classes), into a temporary folder.
 */
const ROOT = resolve(__dirname, '..');
export const API_REPORT_FOLDER = join(ROOT, 'api');
export const API_DOCS_FOLDER = join(ROOT, 'docs', 'api');

/** Each published entry: its source, the report's name, the reference's module name. */
export const API_ENTRIES = [
  { source: 'modules/index.ts', report: 'kms-anomaly-detector', name: 'kms-anomaly-detector' },
  { source: 'modules/key-policy-entry.ts', report: 'kms-anomaly-detector-key-policy', name: 'kms-anomaly-detector/key-policy' },
  { source: 'testing/index.ts', report: 'kms-anomaly-detector-testing', name: 'kms-anomaly-detector/testing' },
] as const;

function emitDeclarations(outDir: string): void {
  const read = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(read.config as object, ts.sys, ROOT, { outDir, emitDeclarationOnly: true, declaration: true });
  const program = ts.createProgram({ rootNames: API_ENTRIES.map((e) => join(ROOT, e.source)), options: parsed.options });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost(parsed.options)));
}

const declarationOf = (declarations: string, source: string) => join(declarations, source.replace(/\.ts$/, '.d.ts'));

/** Compiler options that read the emitted declarations, resolving packages from the checkout's node_modules. */
const DECLARATION_OPTIONS = {
  target: 'ES2022',
  module: 'commonjs',
  moduleResolution: 'node',
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules', '@types')],
  baseUrl: ROOT,
  paths: { '*': ['node_modules/*', 'node_modules/@types/*'] },
  noEmit: true,
};

/** Runs API Extractor on each entry; returns what differs from the committed reports (check) or writes them (update). */
function extractReports(declarations: string, work: string, update: boolean): string[] {
  const problems: string[] = [];
  for (const entry of API_ENTRIES) {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: ROOT,
        mainEntryPointFilePath: declarationOf(declarations, entry.source),
        compiler: {
          overrideTsconfig: {
            compilerOptions: DECLARATION_OPTIONS,
            files: [declarationOf(declarations, entry.source)],
          },
        },
        apiReport: { enabled: true, reportFileName: entry.report, reportFolder: API_REPORT_FOLDER, reportTempFolder: work },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: 'lf',
        messages: {
          // Release tags (@public, @beta) are not used: everything exported is public.
          extractorMessageReporting: { 'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(ROOT, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        // Printed only when something is wrong; the result carries the verdict.
        if (message.logLevel === ExtractorLogLevel.Error) problems.push(`${entry.report}: ${message.text}`);
        message.handled = message.logLevel !== ExtractorLogLevel.Error && message.logLevel !== ExtractorLogLevel.Warning;
      },
    });
    if (!update && result.apiReportChanged) {
      problems.push(`api/${entry.report}.api.md differs from the public surface of ${entry.name}: run \`npm run api\` and commit the report`);
    }
    if (!result.succeeded && result.errorCount > 0) problems.push(`${entry.report}: API Extractor reported ${result.errorCount} errors`);
  }
  return problems;
}

/**
 * Writes the markdown reference of every entry into `out`. typedoc runs as its own process: its
 * markdown plugin loads typedoc as an ES module, and a second copy loaded here would not match.
 * Module names come from each entry's `@module` tag, as users import them.
 */
function writeReference(declarations: string, out: string): void {
  const files = API_ENTRIES.map((e) => declarationOf(declarations, e.source));
  const tsconfig = join(declarations, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: DECLARATION_OPTIONS,
      files,
    }),
  );
  const options = join(declarations, 'typedoc.json');
  writeFileSync(
    options,
    JSON.stringify({
      entryPoints: files,
      tsconfig,
      plugin: ['typedoc-plugin-markdown'],
      out,
      readme: 'none',
      name: 'kms-anomaly-detector',
      disableSources: true,
      excludePrivate: true,
      hideGenerator: true,
      skipErrorChecking: true,
      logLevel: 'Error',
      outputFileStrategy: 'modules',
      entryFileName: 'README',
    }),
  );
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', options], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function filesBelow(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(folder, join(d.parentPath, d.name)))
    .sort();
}

/** What differs between the committed reference and one generated now, file by file. */
function referenceDrift(generated: string): string[] {
  const want = filesBelow(generated);
  const have = filesBelow(API_DOCS_FOLDER);
  const drift = [
    ...want.filter((f) => !have.includes(f)).map((f) => `docs/api/${f} is missing`),
    ...have.filter((f) => !want.includes(f)).map((f) => `docs/api/${f} documents nothing public any more`),
    ...want
      .filter((f) => have.includes(f) && readFileSync(join(generated, f), 'utf8') !== readFileSync(join(API_DOCS_FOLDER, f), 'utf8'))
      .map((f) => `docs/api/${f} differs from the TSDoc`),
  ];
  return drift.map((line) => `${line}: run \`npm run api\` and commit docs/api/`);
}

/**
 * Check mode returns every difference between the committed reports and reference and what the
 * sources declare now (empty: up to date). Update mode rewrites both. The temporary folder is
 * removed either way.
 */
export function buildApiDocs({ update }: { update: boolean }): string[] {
  const work = mkdtempSync(join(tmpdir(), 'kms-anomaly-detector-api-'));
  try {
    const declarations = join(work, 'declarations');
    emitDeclarations(declarations);
    mkdirSync(API_REPORT_FOLDER, { recursive: true });
    const problems = extractReports(declarations, join(work, 'reports'), update);
    const reference = join(work, 'reference');
    writeReference(declarations, reference);
    if (!update) return [...problems, ...referenceDrift(reference)];
    rmSync(API_DOCS_FOLDER, { recursive: true, force: true });
    cpSync(reference, API_DOCS_FOLDER, { recursive: true });
    return problems;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    const problems = buildApiDocs({ update: !process.argv.includes('--check') });
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    process.exitCode = problems.length > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
