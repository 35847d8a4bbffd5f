import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { preProcessFile } from 'typescript';

const ROOT = resolve(__dirname, '../../..');

/** Every .ts file under `folder` (relative to the project), recursively. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(folder, f));
}

/** The project files a source imports (relative to the project, without extension); packages left out. */
function localImports(file: string): string[] {
  const { importedFiles } = preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)));
}

describe('what the local AWS may take from the product', () => {
  // Primitives and facts only: a decision the product makes (its key-policy evaluator above all)
  // taken over by the emulator would make tests where both agree agree by construction. The
  // toolchain selector only names cdktf's or cdktn's classes for the provider settings it writes.
  const ALLOWED = ['modules/wildcard-match', 'modules/aws/partitions', 'modules/aws/scope', 'modules/toolchain'];

  test('localstack/ imports from modules/ only the wildcard matcher, partitions, scopes and the toolchain selector', () => {
    const taken = sources('localstack').flatMap((file) =>
      localImports(file)
        .filter((i) => i.startsWith('modules/'))
        .map((i) => `${file} -> ${i}`),
    );
    expect(taken.filter((edge) => !ALLOWED.some((allowed) => edge.endsWith(`-> ${allowed}`)))).toEqual([]);
    // The guard sees imports at all: the creation checks take the matcher.
    expect(taken).toContain('localstack/anomaly-detector/key-policy-rules.ts -> modules/wildcard-match');
  });

  test.each(['modules', 'cli'])('%s/ never imports localstack/', (folder) => {
    const edges = sources(folder).flatMap((file) => localImports(file).map((i) => `${file} -> ${i}`));
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.filter((edge) => edge.includes('-> localstack/'))).toEqual([]);
  });
});
