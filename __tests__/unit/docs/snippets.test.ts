import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { docSnippets, DocSnippet, userDocuments, whereFrom } from '../../support/doc-snippets';
import { PROJECT_ROOT } from '../../support/run-command';
import { actionInputs, workflowProblems } from '../../support/workflow-snippet';

/**
 * Every snippet of README.md and docs/ is checked: TypeScript type-checks as a consumer's file
 * importing the package by its entry names, which map (as package.json `exports` says) to the
 * sources those entries are built from; the cdktn entry with the toolchain switched to cdktn, as
 * bin/build-package.ts compiles it. YAML parses and has a workflow's shape. HCL is validated by
 * Terraform in the plan tier (__tests__/plan/docs-hcl-snippets.test.ts).
 */
const snippets = docSnippets();
const CDKTN_ENTRY = 'kms-anomaly-detector/cdktn';
const TOOLCHAIN_SELECTOR = join(PROJECT_ROOT, 'modules', 'toolchain', 'index.ts');

/** Entry name → the source file its declarations are built from, read from package.json `exports`. */
function entrySources(): Record<string, string> {
  const { name, exports } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, { types?: string } | string>;
  };
  const sources: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target === 'string' || target.types === undefined) continue;
    const source = target.types.replace(/^\.\/dist\/(cdktn\/)?/, '').replace(/\.d\.ts$/, '.ts');
    sources[subpath === '.' ? name : `${name}/${subpath.slice(2)}`] = source;
  }
  return sources;
}

function typeErrors(checked: readonly DocSnippet[], toolchain: 'cdktf' | 'cdktn'): string[] {
  const files = new Map(checked.map((s, i) => [join(PROJECT_ROOT, '__snippets__', `${toolchain}-${i}.ts`), s]));
  const paths = Object.fromEntries(Object.entries(entrySources()).map(([entry, source]) => [entry, [source]]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
    baseUrl: PROJECT_ROOT,
    paths,
  };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const text = (file: string) => files.get(file)?.code ?? (toolchain === 'cdktn' && file === TOOLCHAIN_SELECTOR ? "export * from './cdktn';\n" : undefined);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => text(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const own = text(file);
    return own !== undefined ? ts.createSourceFile(file, own, language) : getSourceFile(file, language, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const snippet = d.file && files.get(d.file.fileName);
    const where = snippet ? `${snippet.file}:${snippet.line + 1 + d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line}` : (d.file?.fileName ?? 'options');
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('the snippets of README.md and docs/', () => {
  const typescript = snippets.filter((s) => s.language === 'ts');
  const usesCdktn = (s: DocSnippet) => s.code.includes(`'${CDKTN_ENTRY}'`);

  test('there are TypeScript, HCL and YAML snippets to check, in the README among others', () => {
    const languages = (file: string) => new Set(snippets.filter((s) => s.file === file).map((s) => s.language));
    expect([...languages('README.md')].sort()).toEqual(['hcl', 'sh', 'ts', 'yaml']);
    expect(typescript.filter(usesCdktn).length).toBeGreaterThan(0);
  });

  test('every fenced block names its language', () => {
    expect(snippets.filter((s) => s.language === '').map(whereFrom)).toEqual([]);
  });

  test('TypeScript snippets on cdktf type-check against the package entries', () => {
    expect(
      typeErrors(
        typescript.filter((s) => !usesCdktn(s)),
        'cdktf',
      ),
    ).toEqual([]);
  }, 60_000);

  test('TypeScript snippets on cdktn type-check against kms-anomaly-detector/cdktn, compiled for cdktn', () => {
    expect(typeErrors(typescript.filter(usesCdktn), 'cdktn')).toEqual([]);
  }, 60_000);

  test('a snippet with a type error is reported at its line in the document', () => {
    const broken: DocSnippet = {
      file: 'README.md',
      line: 10,
      language: 'ts',
      code: "import { AnomalyDetectorKey } from 'kms-anomaly-detector';\nconst k: number = AnomalyDetectorKey;\n",
    };
    expect(typeErrors([broken], 'cdktf')).toEqual([
      expect.stringMatching(/^README\.md:12: Type 'typeof AnomalyDetectorKey' is not assignable to type 'number'/),
    ]);
  });

  test('YAML snippets parse and are workflows whose steps use the action with its inputs only', () => {
    const inputs = actionInputs();
    const yamls = snippets.filter((s) => s.language === 'yaml' || s.language === 'yml');
    expect(yamls.length).toBeGreaterThan(0);
    expect(yamls.flatMap((s) => workflowProblems(parse(s.code), inputs).map((p) => `${whereFrom(s)}: ${p}`))).toEqual([]);
  });

  test('the workflow check finds a step without run or uses, a job without runs-on and an unknown input', () => {
    const workflow = {
      on: 'pull_request',
      jobs: { a: { steps: [{ name: 'nothing' }, { uses: 'kms-anomaly-detector/kms-anomaly-detector@v1', with: { 'plan-jsn': 'p.json' } }] } },
    };
    expect(workflowProblems(workflow, new Set(['plan-json']))).toEqual([
      "job 'a' has no 'runs-on'",
      "job 'a' step 1 must have either 'uses' or 'run'",
      "job 'a' step 2 gives 'plan-jsn', which is not an input of action.yml",
    ]);
  });

  test('relative links of README.md and docs/ point at files that exist', () => {
    const broken: string[] = [];
    for (const file of userDocuments()) {
      const text = readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const path = join(PROJECT_ROOT, dirname(file), target.split('#')[0]);
        if (!existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
