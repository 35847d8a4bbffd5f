import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../support/run-command';

interface Manifest {
  readonly version: string;
  readonly repository?: { readonly type?: string; readonly url?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly keywords?: readonly string[];
  readonly author?: string;
}

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
/** owner/name on GitHub: the one home every document derives from. */
const HOME = 'kms-anomaly-detector/kms-anomaly-detector';
const REPOSITORY = `https://github.com/${HOME}`;

/** Folders that hold no document of ours: installs, builds, tests' own inputs. */
const NOT_DOCUMENTS = new Set(['node_modules', '.git', 'dist', 'cdktf.out', 'coverage', '.terraform', '.cache', '__tests__']);
const DOCUMENT = /\.(md|tf|tf\.json|ya?ml)$/;

function documents(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return NOT_DOCUMENTS.has(entry.name) ? [] : documents(path);
    return DOCUMENT.test(entry.name) ? [relative(PROJECT_ROOT, path)] : [];
  });
}

/** CHANGELOG.md records what each version said, placeholders of earlier versions included. */
const HISTORY = 'CHANGELOG.md';
const DOCUMENTS = documents(PROJECT_ROOT)
  .filter((file) => file !== HISTORY)
  .map((file) => ({ file, text: readFileSync(join(PROJECT_ROOT, file), 'utf8') }));

/** Every match of `pattern` (global) in every document, as `file: match`. */
const occurrences = (pattern: RegExp) => DOCUMENTS.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));

describe("the project's home, one repository URL in package.json", () => {
  test('package.json names the repository, the homepage and the issue tracker on it, keywords and an author', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` });
    expect(manifest.homepage).toBe(`${REPOSITORY}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['cdktf', 'cdktn', 'terraform', 'kms', 'cloudwatch-logs']));
    expect(manifest.author).toMatch(/\S/);
  });

  test('the documents read are the README, the Terraform module and its examples, and the action', () => {
    const files = DOCUMENTS.map((d) => d.file);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'terraform-module/README.md', 'terraform-module/examples/basic/main.tf', 'action.yml']));
  });

  test('no document keeps an OWNER placeholder', () => {
    expect(occurrences(/\bOWNER\b/g)).toEqual([]);
  });

  test("every GitHub link, uses: line or git source naming this project points at the project's repository", () => {
    const links = occurrences(/github\.com\/[\w.-]+\/[\w.-]*kms-anomaly-detector[\w.-]*|github\.com\/[\w.-]*kms-anomaly-detector[\w.-]*\/[\w.-]+/g);
    const uses = occurrences(/uses:\s*[^\s/]+\/[\w.-]*kms-anomaly-detector[\w.-]*@/g);
    expect(links.length + uses.length).toBeGreaterThan(0);
    expect(links.filter((l) => !l.endsWith(`github.com/${HOME}`) && !l.endsWith(`github.com/${HOME}.git`))).toEqual([]);
    expect(uses.filter((u) => !new RegExp(`uses:\\s*${HOME}@$`).test(u))).toEqual([]);
  });

  test("every source line of the Terraform module is the repository's git URL at this version's tag", () => {
    const sources = occurrences(/source\s*=\s*"git::[^"]*"/g);
    const expected = `git::${REPOSITORY}.git//terraform-module?ref=v${manifest.version}`;
    expect(sources.length).toBeGreaterThanOrEqual(1);
    expect(sources.filter((s) => !s.endsWith(`"${expected}"`))).toEqual([]);
  });
});
