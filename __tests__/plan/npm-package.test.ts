import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
/** What the constructs need at run time; the test project links the repository's copies, so no network is needed. */
const LINKED_DEPENDENCIES = ['cdktf', 'constructs', '@cdktf/provider-aws'];
const ACCOUNT = '123456789012';

/** Runs a command; a failure's message carries its output (tsc reports errors on stdout). */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`, { cause: e });
  }
}

interface PackResult {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

/** `npm pack --json`; scripts skipped because the build ran just before (prepack would build again). */
function pack(extraArgs: string[]): PackResult {
  return (JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', ...extraArgs], ROOT)) as PackResult[])[0];
}

describe('the npm package', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-package-'));
    run('npm', ['run', 'build'], ROOT);
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('holds the compiled constructs with their declarations, README and package.json, nothing else', () => {
    const paths = pack(['--dry-run']).files.map((f) => f.path);
    const sources = readdirSync(join(ROOT, 'modules'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => `dist/modules/${file.replace(/\.ts$/, '')}`);
    const expected = ['README.md', 'package.json', ...sources.flatMap((s) => [`${s}.js`, `${s}.d.ts`])];
    if (existsSync(join(ROOT, 'LICENSE'))) expected.push('LICENSE');
    expect([...paths].sort()).toEqual(expected.sort());
  });

  describe('installed from its tarball into a new project', () => {
    let project: string;

    beforeAll(() => {
      const { filename } = pack(['--pack-destination', workspace]);
      project = join(workspace, 'project');
      mkdirSync(join(project, 'node_modules', '@cdktf'), { recursive: true });
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
      for (const dependency of LINKED_DEPENDENCIES) {
        symlinkSync(join(ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
      }
      run('npm', ['install', join(workspace, filename), '--offline', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts'], project);
    });

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
  return detector.detectorArn + mergeKeyPolicy('{"Statement":[]}', 'us-east-1', '${ACCOUNT}');
}
`,
      );
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      // node10 resolution reads "types"/"typesVersions", node16 reads "exports": users may have either.
      for (const resolution of [
        ['--module', 'commonjs', '--moduleResolution', 'node10'],
        ['--module', 'node16', '--moduleResolution', 'node16'],
      ]) {
        run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', ...resolution, 'main.ts'], project);
      }
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
