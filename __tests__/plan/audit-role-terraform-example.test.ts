import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Terraform } from '../../terraform-runner/terraform';

/** The committed example users copy; checked in a copy, so init's files stay out of the repository. */
const EXAMPLE = resolve(__dirname, '..', '..', 'cli', 'audit', 'role-templates', 'terraform');
const AUDITOR = 'arn:aws:iam::111122223333:role/kms-anomaly-detector-auditor';

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
  readonly snippet?: { readonly context?: string };
}

describe('the audit role Terraform example (cli/audit/role-templates/terraform/)', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-audit-role-'));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('terraform init (offline mirror) and validate pass', async () => {
    const root = join(workspace, 'example');
    cpSync(EXAMPLE, root, { recursive: true });
    const terraform = new Terraform(root);
    await terraform.init();
    const { stdout } = await terraform.validate();
    expect(stdout).toContain('Success! The configuration is valid.');
  });

  // Used as a module, one call per value: `terraform validate` checks the variables' rules with known values, asking AWS nothing.
  test('its variables refuse a principal that is not a role or user ARN and an external ID AWS would refuse, and accept good ones', async () => {
    const root = join(workspace, 'calls');
    cpSync(EXAMPLE, join(root, 'audit-role'), { recursive: true });
    const calls: Array<[name: string, values: string]> = [
      ['bad_principal', 'auditor_principal_arn = "*"'],
      ['account_root', 'auditor_principal_arn = "arn:aws:iam::111122223333:root"'],
      ['bad_external_id', `auditor_principal_arn = "${AUDITOR}"\n  external_id = "x"`],
      ['long_external_id', `auditor_principal_arn = "${AUDITOR}"\n  external_id = replace(format("%1225s", ""), " ", "a")`],
      ['longest_external_id', `auditor_principal_arn = "${AUDITOR}"\n  external_id = replace(format("%1224s", ""), " ", "a")`],
      ['good', `auditor_principal_arn = "${AUDITOR}"\n  external_id = "org-audit:2026/v1"`],
      ['good_no_external_id', `auditor_principal_arn = "arn:aws-us-gov:iam::111122223333:user/path/auditor"`],
    ];
    writeFileSync(join(root, 'main.tf'), calls.map(([name, values]) => `module "${name}" {\n  source = "./audit-role"\n  ${values}\n}\n`).join('\n'));
    const terraform = new Terraform(root);
    await terraform.init();
    const { stdout } = await terraform.run(['validate', '-json', '-no-color'], [1]);
    const errors = (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.snippet?.context, d.summary, d.detail.split('\n')[0]]).sort()).toEqual([
      ['module "account_root"', 'Invalid value for variable', 'auditor_principal_arn must be an IAM role or user ARN.'],
      ['module "bad_external_id"', 'Invalid value for variable', 'external_id must be 2 to 1224 of letters, digits and +=,.@:/-_.'],
      ['module "bad_principal"', 'Invalid value for variable', 'auditor_principal_arn must be an IAM role or user ARN.'],
      ['module "long_external_id"', 'Invalid value for variable', 'external_id must be 2 to 1224 of letters, digits and +=,.@:/-_.'],
    ]);
  });
});
