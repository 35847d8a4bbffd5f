import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docSnippets, whereFrom } from '../support/doc-snippets';
import { PROJECT_ROOT } from '../support/run-command';

/**
 * The TypeScript snippets of README.md and docs/ that are whole apps (they call `app.synth()`)
 * run as a consumer's main.ts would, from a folder outside the checkout, their package imports
 * mapped to the sources the entries are built from; the cdktn entry loads the cdktn toolchain,
 * as bin/build-package.ts compiles it. Each must synthesize a detector whose key is a customer
 * key. (The unit tier type-checks every snippet.)
 */
const TOOLCHAIN_SELECTOR = join(PROJECT_ROOT, 'modules', 'toolchain', 'index.ts');
const CDKTN_TOOLCHAIN = join(PROJECT_ROOT, 'modules', 'toolchain', 'cdktn.ts');
const apps = docSnippets().filter((s) => s.language === 'ts' && s.code.includes('app.synth()'));

interface SynthesizedStack {
  '//': { metadata: { version: string } };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

describe('the whole-app TypeScript snippets of README.md and docs/', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-docs-ts-'));
    writeFileSync(
      join(workspace, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          esModuleInterop: true,
          strict: true,
          baseUrl: PROJECT_ROOT,
          paths: {
            'kms-anomaly-detector': ['modules/index.ts'],
            'kms-anomaly-detector/cdktn': ['modules/index.ts'],
            'kms-anomaly-detector/key-policy': ['modules/key-policy-entry.ts'],
            '*': ['node_modules/*'],
          },
        },
      }),
    );
    // The cdktn build is the same sources with the toolchain selector reading './cdktn'.
    writeFileSync(
      join(workspace, 'cdktn-toolchain.js'),
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  return file === ${JSON.stringify(TOOLCHAIN_SELECTOR)} ? ${JSON.stringify(CDKTN_TOOLCHAIN)} : file;
};
`,
    );
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('the README has one per toolchain', () => {
    const readme = apps.filter((s) => s.file === 'README.md');
    expect(readme.map((s) => s.code.includes("from 'kms-anomaly-detector/cdktn'"))).toEqual([false, true]);
  });

  test.each(apps.map((s) => [whereFrom(s), s] as const))('%s synthesizes a detector encrypted with a customer key', (_, snippet) => {
    const folder = join(workspace, whereFrom(snippet).replace(/[^\w]/g, '_'));
    mkdirSync(folder);
    writeFileSync(join(folder, 'main.ts'), snippet.code);
    const cdktn = snippet.code.includes("from 'kms-anomaly-detector/cdktn'");
    const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const args = ['--tsconfig', join(workspace, 'tsconfig.json'), ...(cdktn ? ['--require', join(workspace, 'cdktn-toolchain.js')] : []), 'main.ts'];
    execFileSync(tsx, args, { cwd: folder, env: { ...process.env, CDKTF_OUTDIR: join(folder, 'out') }, stdio: 'pipe' });
    const stacks = readdirSync(join(folder, 'out', 'stacks'));
    const synthesized = stacks.map((stack) => JSON.parse(readFileSync(join(folder, 'out', 'stacks', stack, 'cdk.tf.json'), 'utf8')) as SynthesizedStack);
    // The toolchain that synthesized it: cdktn 0.24 for the cdktn entry, cdktf 0.21 otherwise.
    expect(new Set(synthesized.map((stack) => stack['//'].metadata.version))).toEqual(new Set([cdktn ? '0.24.0' : '0.21.0']));
    const detectors = synthesized.flatMap((stack) => Object.values(stack.resource?.aws_cloudwatch_log_anomaly_detector ?? {}));
    expect(detectors.length).toBeGreaterThan(0);
    for (const detector of detectors) expect(detector.kms_key_id).toMatch(/^\$\{(aws_kms_key\.[\w-]+\.arn|[\w.-]+)\}$/);
  });
});
