import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { installPackedPackage, runIn } from '../support/packed-project';
import { PROJECT_ROOT } from '../support/run-command';

/** Source folders compiled into dist/: what users import, the CLI, the harness and its local AWS. */
const COMPILED = ['modules', 'cli', 'terraform-runner', 'testing', 'localstack'];
const ACCOUNT = '123456789012';
/** Sources only the CLI (and `localstack/serve.ts`, a command) use: the harness does not reach them. */
const CLI_ONLY = ['terraform-runner/cdktf-app', 'terraform-runner/stack-plan', 'localstack/serve'];
const run = (command: string, args: string[], cwd: string) => runIn(cwd, command, args);

describe('the npm package', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-package-'));
  let project: string;
  let files: readonly string[];
  let tarball: string;

  beforeAll(() => ({ project, files, tarball } = installPackedPackage(workspace, 'consumer')));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('holds the compiled library, CLI and harness with declarations, the Terraform module, the audit policies and role templates, README, LICENSE, CHANGELOG and package.json, nothing else', () => {
    const sourcesOf = (folder: string) =>
      readdirSync(join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
        .map((file) => `${folder}/${file.replace(/\.ts$/, '')}`);
    // Each tree holds its own toolchain's files only: the main one cdktf's, the /cdktn one cdktn's.
    const sources = [
      ...COMPILED.flatMap(sourcesOf)
        .filter((file) => !/^modules\/toolchain\/cdktn/.test(file))
        .map((file) => `dist/${file}`),
      // The /cdktn tree: the constructs and the harness, without the CLI's runners and local AWS's command.
      ...['modules', 'testing', 'terraform-runner', 'localstack']
        .flatMap(sourcesOf)
        .filter((file) => !/^modules\/toolchain\/cdktf/.test(file) && !CLI_ONLY.includes(file))
        .map((file) => `dist/cdktn/${file}`),
      'dist/bin/kms-anomaly-detector',
    ];
    const moduleFiles = readdirSync(join(PROJECT_ROOT, 'terraform-module'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(PROJECT_ROOT, join(entry.parentPath, entry.name)));
    // The audit's policies and role templates, spelled out: users attach and deploy them from the package.
    const auditRoleFiles = [
      'cli/audit/policies/auditor-policy.json',
      'cli/audit/policies/member-role-policy.json',
      'cli/audit/role-templates/audit-role.cloudformation.json',
      'cli/audit/role-templates/terraform/audit-role.tf.json',
    ];
    const expected = [
      'README.md',
      'package.json',
      'LICENSE',
      'CHANGELOG.md',
      ...moduleFiles,
      ...auditRoleFiles,
      ...sources.flatMap((s) => [`${s}.js`, `${s}.d.ts`]),
    ];
    expect([...files].sort()).toEqual(expected.sort());
  });

  describe('checked as npm would publish it', () => {
    const bin = (name: string) => join(PROJECT_ROOT, 'node_modules', '.bin', name);

    test('publint reports nothing in the tarball, suggestions included', () => {
      const out = run(bin('publint'), ['run', tarball, '--level', 'suggestion', '--strict'], workspace);
      expect(out).not.toMatch(/Errors:|Warnings:|Suggestions:/);
      expect(out).toContain('All good!');
    });

    test('arethetypeswrong finds no problem for any entry, under every resolution (node10, node16 from CJS and ESM, bundler)', () => {
      // Exit code 1 on a problem; the JSON says which.
      const report = JSON.parse(
        execFileSync(bin('attw'), [tarball, '--format', 'json'], { cwd: workspace, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
      ) as { analysis: { entrypoints: Record<string, unknown> }; problems: unknown };
      expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(['.', './cdktn', './key-policy', './testing']));
      expect(report.problems).toEqual({});
    });

    test('npm publish --dry-run accepts it as it is, with nothing to auto-correct in package.json', () => {
      const published = spawnSync('npm', ['publish', tarball, '--dry-run'], { cwd: workspace, encoding: 'utf8' });
      const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(published.status).toBe(0);
      expect(published.stdout).toContain(`+ kms-anomaly-detector@${version}`);
      // Only the notice that a real publish needs a login (this machine has none) may remain.
      const warnings = published.stderr.split('\n').filter((line) => line.startsWith('npm warn') && !line.includes('requires you to be logged in'));
      expect(warnings).toEqual([]);
    });
  });

  describe('installed from its tarball into a new project', () => {
    test("synthesizes a stack with an EncryptedLogAnomalyDetector, sharing the project's provider classes", () => {
      writeFileSync(
        join(project, 'main.js'),
        `const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { EncryptedLogAnomalyDetector, EvaluationFrequency } = require('kms-anomaly-detector');
const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'consumer');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new EncryptedLogAnomalyDetector(stack, 'detector', {
  logGroups: ['arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app'],
  keyProps: { account: '${ACCOUNT}' },
  evaluationFrequency: EvaluationFrequency.FIFTEEN_MIN,
});
app.synth();
`,
      );
      run(process.execPath, ['main.js'], project);
      const synthesized = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8')) as {
        resource: Record<string, Record<string, { kms_key_id?: string; evaluation_frequency?: string; policy?: string }>>;
        data?: Record<string, unknown>;
      };
      const [detector] = Object.values(synthesized.resource.aws_cloudwatch_log_anomaly_detector);
      expect(detector).toMatchObject({ evaluation_frequency: 'FIFTEEN_MIN', kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) as string });
      // The constructs read the region from the project's AwsProvider (an instanceof check): one copy of the provider classes.
      expect(Object.values(synthesized.resource.aws_kms_key)[0].policy).toContain('logs.us-east-1.amazonaws.com');
      expect(synthesized.data).toBeUndefined();
    });

    test('type-checks against the published declarations, the key-policy subpath included', () => {
      writeFileSync(
        join(project, 'main.ts'),
        `import { TerraformStack } from 'cdktf';
import { AnomalyDetectorKey, EncryptedLogAnomalyDetector, IAnomalyDetectorKey } from 'kms-anomaly-detector';
import { mergeKeyPolicy } from 'kms-anomaly-detector/key-policy';

export function build(stack: TerraformStack): string {
  const key: IAnomalyDetectorKey = new AnomalyDetectorKey(stack, 'key', { alias: 'detectors' });
  const detector = new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: ['arn'], key });
  return detector.detectorArn + mergeKeyPolicy('{"Statement":[]}', { region: 'us-east-1', account: '${ACCOUNT}' });
}
`,
      );
      const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      // node10 resolution reads "types"/"typesVersions", node16 reads "exports": users may have either.
      for (const resolution of [
        ['--module', 'commonjs', '--moduleResolution', 'node10'],
        ['--module', 'node16', '--moduleResolution', 'node16'],
      ]) {
        run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', ...resolution, 'main.ts'], project);
      }
    });

    test('the CLI runs from the package bin: key-policy check accepts the CloudWatch Logs guide policy', () => {
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          ...['kms:EncryptionContext:aws:logs:arn', 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn'].map((contextKey, i) => ({
            Effect: 'Allow',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Action: ['kms:Encrypt', 'kms:Decrypt', ...(i === 1 ? ['kms:ReEncrypt*'] : []), 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Resource: '*',
            Condition: { ArnLike: { [contextKey]: 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:*' } },
          })),
        ],
      });
      const bin = join(project, 'node_modules', '.bin', 'kms-anomaly-detector');
      const out = execFileSync(bin, ['key-policy', 'check', '--region', 'us-east-1', '--account', '111122223333'], {
        cwd: project,
        input: policy,
        encoding: 'utf8',
      });
      expect(out).toBe('OK: CloudWatch Logs may use this key for anomaly detectors of 111122223333 in us-east-1\n');
      expect(run(bin, ['plan-review', '--help'], project)).toContain('usage: kms-anomaly-detector plan-review');
    });

    test('the testing entry gives the local AWS, its provider settings, the Jest setup pair, the assertions and the scenario runner', () => {
      const exported = run(
        process.execPath,
        [
          '-e',
          "const t = require('kms-anomaly-detector/testing'); console.log(['startLocalAws', 'localAwsProviderSettings', 'jestGlobalSetup', 'jestGlobalTeardown', 'assertDetectorUsesKey', 'assertKeyChangeReplacesDetector', 'StackDeployment', 'ScenarioRun', 'describeScenarios'].map((n) => typeof t[n]).join(' ')); console.log(typeof require('kms-anomaly-detector/testing/jest-global-setup'))",
        ],
        project,
      );
      expect(exported.trim().split('\n')).toEqual(['function function function function function function function function function', 'function']);
    });

    test('the key-policy subpath works without loading cdktf', () => {
      const loaded = run(
        process.execPath,
        ['-e', "require('kms-anomaly-detector/key-policy'); console.log(Object.keys(require.cache).filter((p) => p.includes('cdktf')).length)"],
        project,
      );
      expect(loaded.trim()).toBe('0');
    });
  });
});
