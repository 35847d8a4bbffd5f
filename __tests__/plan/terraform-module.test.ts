import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findProviderMirror, Terraform } from '../../terraform-runner/terraform';
import { writeTerraformModule } from '../../module-generator/write-terraform-module';

const FIXTURE = resolve(__dirname, '..', 'fixtures', 'terraform-module-root');
/** The committed module users take from git, with its hand-written examples. */
const COMMITTED_MODULE = resolve(__dirname, '..', '..', 'terraform-module');
const EXAMPLES = readdirSync(join(COMMITTED_MODULE, 'examples'));
/** Where the fixture's `source = "./terraform-module"` points. */
const MODULE_FOLDER = 'terraform-module';
const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/app';
/** A statement KMS accepts, written in HCL. */
const STATEMENT = 'Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*"';
const KEY_ALIAS_RULE =
  "'key_alias' must be at most 256 characters of letters, digits, '/', '_' and '-' (with 'alias/') " +
  "and must not start with 'alias/aws/' (reserved for AWS managed keys).";

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
  readonly snippet?: { readonly context?: string };
}

describe('the generated Terraform module, used by a root module through its local path', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-module-'));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  describe('the fixture root module', () => {
    let terraform: Terraform;

    beforeAll(async () => {
      const root = join(workspace, 'root');
      cpSync(FIXTURE, root, { recursive: true });
      writeTerraformModule(join(root, MODULE_FOLDER));
      terraform = new Terraform(root);
      await terraform.init();
    });

    test('terraform init (offline mirror) and validate pass', async () => {
      const { stdout } = await terraform.validate();
      expect(stdout).toContain('Success! The configuration is valid.');
    });

    // tests/module-inputs.tftest.hcl: each rule of the inputs, and each precondition, fails on
    // its own (a run whose expected failure does not happen fails), and values at the limits pass.
    test("plans a new key without kms_key_arn and none with it, and the log groups of key_log_group_names (and of its deprecated name) in the key's policy; every input rule and precondition fails alone (terraform test, plan only)", async () => {
      const { stdout } = await terraform.run(['test', '-no-color']);
      expect(stdout).toContain('27 passed, 0 failed');
      expect(stdout).not.toMatch(/\.\.\. (fail|skip)/);
      // 27 plans, each starting the provider: minutes on a shared 2-core machine.
    }, 900_000);
  });

  // Only 5.100.0 is in this machine's mirror. A mirror that also lists 6.66.0 (the 5.100.0 binary
  // under that version's name: `init` only resolves versions, it runs nothing) lets Terraform
  // itself show which roots the module's constraint admits.
  describe("the module's hashicorp/aws constraint, as Terraform resolves it (init only, against a mirror listing 5.100.0 and 6.66.0)", () => {
    let mirror: string;
    beforeAll(() => {
      const real = findProviderMirror();
      if (real === undefined) throw new Error('no provider mirror holding registry.terraform.io/hashicorp/aws: set TF_PLUGIN_MIRROR');
      mirror = join(workspace, 'mirror');
      for (const version of ['5.100.0', '6.66.0']) {
        const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', version, 'linux_amd64');
        mkdirSync(dir, { recursive: true });
        symlinkSync(
          join(real, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64', 'terraform-provider-aws_v5.100.0_x5'),
          join(dir, `terraform-provider-aws_v${version}_x5`),
        );
      }
    });

    const rootRequiring = (name: string, constraint: string) => {
      const root = join(workspace, name);
      mkdirSync(root);
      cpSync(COMMITTED_MODULE, join(root, MODULE_FOLDER), { recursive: true });
      writeFileSync(
        join(root, 'main.tf.json'),
        JSON.stringify({
          terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: constraint } } },
          module: { detector: { source: `./${MODULE_FOLDER}`, log_group_arns: [LOG_GROUP_ARN] } },
        }),
      );
      return new Terraform(root, { env: { TF_PLUGIN_MIRROR: mirror } });
    };

    test.each([
      ['>= 6.0', '6.66.0'],
      ['~> 5.100', '5.100.0'],
    ])('a root requiring aws %s gets %s', async (constraint, version) => {
      const terraform = rootRequiring(`root-${version}`, constraint);
      await terraform.init();
      expect(readFileSync(join(terraform.workingDirectory, '.terraform.lock.hcl'), 'utf8')).toMatch(
        new RegExp(`provider "registry.terraform.io/hashicorp/aws" {\\s+version\\s+= "${version.replace(/\./g, '\\.')}"`),
      );
    });

    test('a root requiring aws >= 7.0 is refused at init: no release matches both', async () => {
      await expect(rootRequiring('root-7', '>= 7.0').init()).rejects.toThrow(
        /no available releases match the given constraints >= 5\.100\.0, >= 7\.0\.0, <\s+7\.0\.0/,
      );
    });
  });

  describe('the examples of the committed module, with their `source = "../.."`', () => {
    let copy: string;

    beforeAll(() => {
      // A copy, so that init's .terraform folders and lock files stay out of the repository.
      copy = join(workspace, 'committed-module');
      cpSync(COMMITTED_MODULE, copy, { recursive: true });
    });

    test('there are examples to check', () => {
      expect(EXAMPLES).toEqual(expect.arrayContaining(['basic', 'existing-key']));
    });

    test.each(EXAMPLES)('examples/%s pins hashicorp/aws to every version the module accepts, 5.100 to the last 6.x', (example) => {
      const source = readFileSync(join(COMMITTED_MODULE, 'examples', example, 'main.tf'), 'utf8');
      expect([...source.matchAll(/^\s*version\s*=\s*"([^"]*)"/gm)].map((m) => m[1])).toEqual(['>= 5.100, < 7']);
    });

    test.each(EXAMPLES)('examples/%s: terraform init (offline mirror) and validate pass', async (example) => {
      const terraform = new Terraform(join(copy, 'examples', example));
      await terraform.init();
      const { stdout } = await terraform.validate();
      expect(stdout).toContain('Success! The configuration is valid.');
    });
  });

  // One module call per value, all checked by one `terraform validate`: Terraform checks a
  // module's variables when the call's values are known, without asking AWS. (`plan` reports
  // the same errors, but also reads the key policy's caller identity from AWS at the same time.)
  describe("input validation: the constructs' rules, with messages naming the variable and the rule", () => {
    const invalid: ReadonlyArray<[variable: string, value: string, message: string]> = [
      ['log_group_arns', '[]', "'log_group_arns' must name at least one log group."],
      [
        'log_group_arns',
        `["${LOG_GROUP_ARN}", "arn:aws:s3:::bucket"]`,
        "'log_group_arns' must hold only log group ARNs (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME).",
      ],
      ['detector_name', '""', "'detector_name' must be at least 1 character when given."],
      ['evaluation_frequency', '"TWO_MIN"', "'evaluation_frequency' must be one of ONE_MIN | FIVE_MIN | TEN_MIN | FIFTEEN_MIN | THIRTY_MIN | ONE_HOUR."],
      ['filter_pattern', 'format("%1025s", "x")', "'filter_pattern' must be at most 1024 characters."],
      ['anomaly_visibility_time', '6', "'anomaly_visibility_time' must be a whole number of days between 7 and 90."],
      ['anomaly_visibility_time', '30.5', "'anomaly_visibility_time' must be a whole number of days between 7 and 90."],
      [
        'kms_key_arn',
        '"arn:aws:kms:us-east-1:123456789012:alias/mine"',
        "'kms_key_arn' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID), not an alias or a key id.",
      ],
      ['key_alias', '"alias/aws/mine"', KEY_ALIAS_RULE],
      ['key_alias', '"my alias"', KEY_ALIAS_RULE],
      ['key_alias', 'replace(format("%251s", ""), " ", "a")', KEY_ALIAS_RULE],
      ['key_description', 'format("%8193s", "x")', "'key_description' must be at most 8192 characters."],
      ['deletion_window_in_days', '45', "'deletion_window_in_days' must be a whole number between 7 and 30."],
      [
        'encrypt_log_groups',
        '["my logs"]',
        "'encrypt_log_groups' must hold log group names, 1 to 512 of letters, digits and _ - / . #, or patterns of them with '*'.",
      ],
      ['encrypt_log_groups', '["/a", "/a"]', "'encrypt_log_groups' must not name a log group twice."],
      [
        'key_log_group_names',
        '["my logs"]',
        "'key_log_group_names' must hold log group names, 1 to 512 of letters, digits and _ - / . #, or patterns of them with '*'.",
      ],
      ['key_log_group_names', '["/a", "/a"]', "'key_log_group_names' must not name a log group twice."],
      ['detector_accounts', '[]', "'detector_accounts' must name at least one 12-digit account."],
      [
        'detector_accounts',
        '[for i in range(151) : format("%012d", i + 1)]',
        "'detector_accounts' must name at most 150 accounts, so the key policy stays under KMS's 32768 bytes.",
      ],
      ['detector_accounts', '["12345"]', "'detector_accounts[*]' must be 12 digits."],
      ['detector_accounts', '["111122223333", "111122223333"]', "'detector_accounts' must not name an account twice."],
      ['key_rotation_period_in_days', '89', "'key_rotation_period_in_days' must be a whole number between 90 and 2560."],
      ['key_rotation_period_in_days', '100.5', "'key_rotation_period_in_days' must be a whole number between 90 and 2560."],
      ['additional_key_policy_statements', '{ Sid = "x" }', "'additional_key_policy_statements' must be a list of key policy statements."],
      ['additional_key_policy_statements', '["kms:*"]', "'additional_key_policy_statements[*]' must be a key policy statement object."],
      ['additional_key_policy_statements', `[{ Sid = 5, ${STATEMENT} }]`, "'additional_key_policy_statements[*].Sid' must be a string."],
      [
        'additional_key_policy_statements',
        '[{ Effect = "Permit", Principal = "*", Action = "kms:Decrypt", Resource = "*" }]',
        "'additional_key_policy_statements[*].Effect' must be Allow | Deny.",
      ],
      [
        'additional_key_policy_statements',
        '[{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }]',
        "'additional_key_policy_statements[*].Principal' must be given: KMS refuses key policy statements without a principal.",
      ],
      [
        'additional_key_policy_statements',
        '[{ Effect = "Allow", Principal = "*", Action = [], Resource = "*" }]',
        "'additional_key_policy_statements[*].Action' must be a non-empty string or a non-empty list of them.",
      ],
      [
        'additional_key_policy_statements',
        '[{ Effect = "Allow", Principal = "*", Action = "kms:Decrypt", Resource = "" }]',
        "'additional_key_policy_statements[*].Resource' must be a non-empty string or a non-empty list of them.",
      ],
      [
        'additional_key_policy_statements',
        `[{ Sid = "Enable IAM User Permissions", ${STATEMENT} }]`,
        "'additional_key_policy_statements' Sids must be unique, among themselves and with the module's own (Enable IAM User Permissions, " +
          'AllowCloudWatchLogsAnomalyDetectors, AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk, AllowCloudWatchLogsLogGroups).',
      ],
      ['region', '"mars-1"', "'region' must be an AWS region name like 'us-east-1'."],
    ];
    const valid: ReadonlyArray<[variable: string, value: string]> = [
      ['log_group_arns', '["arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/lambda/fn.v1#2:*"]'],
      ['evaluation_frequency', '"ONE_HOUR"'],
      ['filter_pattern', 'format("%1024s", "x")'],
      ['anomaly_visibility_time', '90'],
      ['kms_key_arn', '"arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"'],
      ['key_alias', 'replace(format("%250s", ""), " ", "a")'],
      ['key_alias', '"alias/team/anomaly-detectors_1"'],
      ['deletion_window_in_days', '7'],
      ['encrypt_log_groups', '["*", "/aws/lambda/fn.v1#2", "/app/*"]'],
      ['key_log_group_names', '["*", "/aws/lambda/fn.v1#2", "/app/*"]'],
      ['detector_accounts', '[for i in range(150) : format("%012d", i + 1)]'],
      ['key_rotation_period_in_days', '90'],
      ['key_rotation_period_in_days', '2560'],
      [
        'additional_key_policy_statements',
        `[{ Sid = "A", ${STATEMENT} }, { Effect = "Deny", NotPrincipal = { AWS = "*" }, NotAction = ["kms:Describe*"], Resource = ["*"] }]`,
      ],
      ['region', '"us-gov-west-1"'],
    ];
    let errors: Diagnostic[];

    function moduleCall(name: string, variable: string, value: string): string {
      const logGroups = variable === 'log_group_arns' ? '' : `  log_group_arns = ["${LOG_GROUP_ARN}"]\n`;
      return `module "${name}" {\n  source = "./${MODULE_FOLDER}"\n${logGroups}  ${variable} = ${value}\n}\n`;
    }

    beforeAll(async () => {
      const root = join(workspace, 'validation');
      writeTerraformModule(join(root, MODULE_FOLDER));
      const calls = [
        ...invalid.map(([variable, value], i) => moduleCall(`invalid_${i}`, variable, value)),
        ...valid.map(([variable, value], i) => moduleCall(`valid_${i}`, variable, value)),
      ];
      writeFileSync(join(root, 'main.tf'), calls.join('\n'));
      const terraform = new Terraform(root);
      await terraform.init();
      const { stdout } = await terraform.run(['validate', '-json', '-no-color'], [1]);
      errors = (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error');
    });

    test.each(invalid.map(([variable, value, message], i) => [i, variable, value, message] as const))(
      'invalid_%i: %s = %s fails',
      (i, _variable, _value, message) => {
        expect(errors.filter((d) => d.snippet?.context === `module "invalid_${i}"`)).toEqual([
          expect.objectContaining({ summary: 'Invalid value for variable', detail: expect.stringContaining(message) as string }),
        ]);
      },
    );

    test('values at the limits pass, and no error comes from elsewhere', () => {
      expect(errors).toHaveLength(invalid.length);
    });
  });
});
