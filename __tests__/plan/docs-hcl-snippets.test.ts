import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terraform } from '../../terraform-runner/terraform';
import { docSnippets, whereFrom } from '../support/doc-snippets';
import { PROJECT_ROOT } from '../support/run-command';

/**
 * Every HCL snippet of README.md and docs/ is a root module that `terraform init` and `validate`
 * accept with the real hashicorp/aws provider (the runner's mirror, offline). The module's git
 * source cannot be fetched here, so it is pointed at this checkout's terraform-module/ (what a
 * release tag of the repository holds); the source line itself must have the git form users copy.
 */
const GIT_SOURCE = /source\s*=\s*"git::https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git\/\/terraform-module\?ref=v\d+\.\d+\.\d+"/g;
const hcl = docSnippets().filter((s) => s.language === 'hcl');

describe('the HCL snippets of README.md and docs/', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-docs-hcl-'));
    cpSync(join(PROJECT_ROOT, 'terraform-module'), join(workspace, 'terraform-module'), { recursive: true });
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('there are some, the README among them', () => {
    expect(hcl.some((s) => s.file === 'README.md')).toBe(true);
  });

  test.each(hcl.map((s) => [whereFrom(s), s] as const))('%s: sources the module from git and passes terraform validate', async (_, snippet) => {
    const modules = [...snippet.code.matchAll(/^\s*module\s+"/gm)].length;
    expect([...snippet.code.matchAll(GIT_SOURCE)]).toHaveLength(modules);
    const root = join(workspace, whereFrom(snippet).replace(/[^\w]/g, '_'));
    mkdirSync(root);
    writeFileSync(join(root, 'main.tf'), snippet.code.replace(GIT_SOURCE, 'source = "../terraform-module"'));
    const terraform = new Terraform(root);
    await terraform.init();
    const { stdout } = await terraform.validate();
    expect(stdout).toContain('Success! The configuration is valid.');
  });
});
