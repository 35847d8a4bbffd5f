import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terraform } from '../../terraform-runner/terraform';
import * as checkoutTesting from '../../testing';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { CDKTF_AWS5, CDKTF_AWS6, CDKTN, ConsumerToolchain as Toolchain, TYPESCRIPT_TOOLS } from '../support/consumer-toolchains';
import { installConsumerProject, PackedPackage, packPackage, runIn } from '../support/packed-project';
import { PROJECT_ROOT } from '../support/run-command';

const TSCONFIG = join(PROJECT_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript', 'tsconfig.json');
/** Jest, from the checkout, runs the cdktn project's own scenario test (linked: no registry download for it). */
const JEST = join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const STACK = 'platform';
/** Terraform keys of a resource block that are not provider attributes. */
const META_ARGUMENTS = ['//', 'count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioner', 'connection'];

/** The same stack for every toolchain: only the packages it imports from differ. */
const stackSource = (t: Toolchain) => `import { App, TerraformStack } from '${t.runtime}';
import { AwsProvider } from '${t.binding}/lib/provider';
import { CloudwatchLogGroup } from '${t.binding}/lib/cloudwatch-log-group';
import { AnomalyDetectorKey, EncryptedLogAnomalyDetector } from '${t.entry}';

const endpoint = process.env.LOCAL_AWS_ENDPOINT ?? 'http://127.0.0.1:1';
const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, '${STACK}');
new AwsProvider(stack, 'aws', {
  region: 'us-east-1',
  accessKey: 'test',
  secretKey: 'test',
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  maxRetries: 1,
  endpoints: [{ kms: endpoint, logs: endpoint, sts: endpoint, iam: endpoint }],
});
const group = new CloudwatchLogGroup(stack, 'app', { name: process.env.LOG_GROUP_NAME ?? '/platform/app' });
const key = new AnomalyDetectorKey(stack, 'key', { alias: 'platform-detectors', preventDestroy: false, deletionWindowInDays: 7 });
new EncryptedLogAnomalyDetector(stack, 'detector', {
  logGroups: [group],
  key,
  detectorName: 'platform',
  filterPattern: '%ERROR%',
  anomalyVisibilityTime: 14,
});
// A second region through the resources' own \`region\` argument (hashicorp/aws 6), no second provider.
if (process.env.SECOND_REGION) {
  new EncryptedLogAnomalyDetector(stack, 'second', {
    region: process.env.SECOND_REGION,
    logGroups: ['arn:aws:logs:' + process.env.SECOND_REGION + ':123456789012:log-group:/platform/app'],
    keyProps: { account: '123456789012' },
  });
}
app.synth();
`;

/**
 * Lists, per synthesized block, the attributes it sets that the binding's own class for that
 * type does not know: the binding's attribute list is what its \`synthesizeAttributes\` writes.
 */
const unknownAttributesScript = (t: Toolchain) => `const { Testing, TerraformStack } = require('${t.runtime}');
const synthesized = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const stack = new TerraformStack(Testing.app(), 'schema');
const meta = ${JSON.stringify(META_ARGUMENTS)};
const unknown = [];
for (const kind of ['resource', 'data']) {
  for (const [type, blocks] of Object.entries(synthesized[kind] ?? {})) {
    if (type === 'terraform_data') continue;
    const file = kind === 'data' ? 'data-' + type : type.replace(/^aws_/, '');
    const lib = require('${t.binding}/lib/' + file.replace(/_/g, '-'));
    const Class = Object.values(lib).find((c) => typeof c === 'function' && c.tfResourceType === type);
    const known = Object.keys(new Class(stack, kind + type, {}).synthesizeAttributes());
    for (const [name, block] of Object.entries(blocks)) {
      for (const attribute of Object.keys(block)) {
        if (!meta.includes(attribute) && !known.includes(attribute)) unknown.push(kind + '.' + type + '.' + name + '.' + attribute);
      }
    }
  }
}
console.log(JSON.stringify(unknown));
`;

/** The cdktn harness entry, used with cdktn's own classes: type-checked with the project (tsc -p .), never run. */
const CDKTN_HARNESS_TYPES = `import { App, TerraformStack } from 'cdktn';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { localAwsProviderSettings, ScenarioRunOptions, StackDeployment } from 'kms-anomaly-detector/cdktn/testing';

export const options: ScenarioRunOptions = {
  stack: (stack: TerraformStack) => {
    new AwsProvider(stack, 'aws', { region: 'us-east-1', ...localAwsProviderSettings({ endpoint: 'http://127.0.0.1:4566' }) });
  },
};
export const deploy = (deployment: StackDeployment): void => deployment.synth((app: App) => new TerraformStack(app, 'typed'));
`;

/**
 * A cdktn user's two-step scenario, run by Jest in the cdktn project with the harness's cdktn
 * entry: key A, then key B; the detector is replaced and key A kept, Enabled.
 */
const CDKTN_SCENARIO_TEST = `const { TerraformOutput } = require('cdktn');
const { AwsProvider } = require('@cdktn/provider-aws/lib/provider');
const { CloudwatchLogGroup } = require('@cdktn/provider-aws/lib/cloudwatch-log-group');
const { DescribeKeyCommand } = require('@aws-sdk/client-kms');
const { AnomalyDetectorKey, EncryptedLogAnomalyDetector } = require('kms-anomaly-detector/cdktn');
const t = require('kms-anomaly-detector/cdktn/testing');

const local = t.localAwsEnv();
const stack = (s) => {
  new AwsProvider(s, 'aws', { region: local.region, ...t.localAwsProviderSettings(local) });
  // Local run only: @cdktn/provider-aws 25.7 pins hashicorp/aws 6.66.0, and this machine's
  // provider mirror holds only 5.100.0, so the constraint is overridden here (AWS_PROVIDER_VERSION).
  if (process.env.AWS_PROVIDER_VERSION) s.addOverride('terraform.required_providers.aws.version', process.env.AWS_PROVIDER_VERSION);
};
const build = (key) => (scope) => {
  const logGroup = new CloudwatchLogGroup(scope, 'app', { name: process.env.LOG_GROUP_NAME });
  const keys = {
    a: new AnomalyDetectorKey(scope, 'key-a', { preventDestroy: false, deletionWindowInDays: 7 }),
    b: new AnomalyDetectorKey(scope, 'key-b', { preventDestroy: false, deletionWindowInDays: 7 }),
  };
  const detector = new EncryptedLogAnomalyDetector(scope, 'detector', { logGroups: [logGroup], key: keys[key] });
  new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
  new TerraformOutput(scope, 'key_a', { value: keys.a.keyArn });
  new TerraformOutput(scope, 'key_b', { value: keys.b.keyArn });
};

let firstDetector;
// refresh: false: nothing outside the run changes its resources between steps, so each plan starts from the state the last apply wrote.
t.describeScenarios('cdktn consumer', { stack, refresh: false }, (scenario) => {
  scenario('key-swap', (s) => {
    s.step('key A', build('a'), (test) => {
      test('the detector holds key A', async ({ outputs }) => {
        firstDetector = outputs.detector_arn;
        await t.assertDetectorUsesKey(t.logsClient(), outputs.detector_arn, outputs.key_a);
        await t.assertKeyServesDetector(t.kmsClient(), outputs.key_a, outputs.detector_arn);
      });
    });
    s.step('key B', build('b'), (test) => {
      test('the detector is replaced and holds key B; key A is kept, Enabled', async ({ outputs, plan }) => {
        expect(t.assertKeyChangeReplacesDetector(await plan.json())).toEqual([expect.stringMatching(/^aws_cloudwatch_log_anomaly_detector\\.key-swap_detector_/)]);
        expect(outputs.detector_arn).not.toBe(firstDetector);
        await t.assertDetectorUsesKey(t.logsClient(), outputs.detector_arn, outputs.key_b);
        const { KeyMetadata } = await t.kmsClient().send(new DescribeKeyCommand({ KeyId: outputs.key_a }));
        expect(KeyMetadata.KeyState).toBe('Enabled');
      });
    });
  });
});
`;

interface Synthesized {
  provider?: Record<string, unknown>;
  terraform: { required_providers: { aws: { version: string } }; backend?: unknown };
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

// Consumer projects on each toolchain install the packed package: type-check, synthesize, and
// emit only what their binding knows. A stack applied with cdktf then synthesized with cdktn
// keeps every address. Only hashicorp/aws 5.100.0 can plan here: the aws 6 bindings are proven
// by synthesis and by their own attribute lists.
describe('the package on each toolchain, from consumer projects outside the checkout', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-toolchains-'));
  const projects = new Map<string, string>();
  const synthesized = new Map<string, Synthesized>();

  const synth = (t: Toolchain, env: NodeJS.ProcessEnv = process.env): Synthesized => {
    const project = projects.get(t.name)!;
    const outdir = join(project, 'cdktf.out');
    rmSync(outdir, { recursive: true, force: true });
    runIn(project, process.execPath, ['main.js', outdir], undefined, env);
    return JSON.parse(readFileSync(join(outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8')) as Synthesized;
  };

  beforeAll(() => {
    const packed: PackedPackage = packPackage(workspace);
    for (const t of [CDKTF_AWS5, CDKTF_AWS6, CDKTN]) {
      const { project } = installConsumerProject(workspace, t.name, packed, { install: t.install, link: t.install ? [] : TYPESCRIPT_TOOLS });
      writeFileSync(join(project, 'tsconfig.json'), readFileSync(TSCONFIG));
      writeFileSync(join(project, 'main.ts'), stackSource(t));
      writeFileSync(join(project, 'unknown-attributes.js'), unknownAttributesScript(t));
      if (t === CDKTN) writeFileSync(join(project, 'harness-types.ts'), CDKTN_HARNESS_TYPES);
      projects.set(t.name, project);
      // Type-checked under the tsconfig `cdktf init` writes, and compiled to main.js beside it.
      runIn(project, process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    }
  }, 600_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('a cdktn project gets neither cdktf nor @cdktf/provider-aws: every toolchain peer is optional', () => {
    const modules = join(projects.get(CDKTN.name)!, 'node_modules');
    expect(existsSync(join(modules, 'cdktn'))).toBe(true);
    expect(existsSync(join(modules, 'cdktf'))).toBe(false);
    expect(existsSync(join(modules, '@cdktf', 'provider-aws'))).toBe(false);
  });

  test("in a cdktn project, the harness's cdktn entry loads without cdktf and has the names of /testing", () => {
    const loaded = runIn(projects.get(CDKTN.name)!, process.execPath, [
      '-e',
      "const t = require('kms-anomaly-detector/cdktn/testing'); require('kms-anomaly-detector/cdktn/testing/jest-global-setup'); " +
        'console.log(JSON.stringify({ names: Object.keys(t).sort(), cdktf: Object.keys(require.cache).filter((p) => /[\\/]cdktf[\\/]/.test(p)).length, cdktn: Object.keys(require.cache).some((p) => /[\\/]cdktn[\\/]/.test(p)) }))',
    ]);
    // The checkout's own harness entry, loaded here with cdktf: the names a user of either entry gets.
    expect(JSON.parse(loaded)).toEqual({ names: Object.keys(checkoutTesting).sort(), cdktf: 0, cdktn: true });
  });

  test('a cdktn project runs a two-step scenario with describeScenarios under Jest on local AWS: key A, then key B replaces the detector and keeps key A', () => {
    const project = projects.get(CDKTN.name)!;
    writeFileSync(join(project, 'key-swap.test.js'), CDKTN_SCENARIO_TEST);
    writeFileSync(
      join(project, 'jest.config.js'),
      `module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/key-swap.test.js'],
  // In the project, which the test removes: Jest's default is a folder under the system's temporary one.
  cacheDirectory: '<rootDir>/.jest-cache',
  globalSetup: 'kms-anomaly-detector/cdktn/testing/jest-global-setup',
  globalTeardown: 'kms-anomaly-detector/cdktn/testing/jest-global-teardown',
};
`,
    );
    const local = localAwsEnv();
    // The project's global setup puts its own gateway in front of the run's backend (AWS_ENDPOINT_URL), as a user's CI may.
    const { JEST_WORKER_ID: _worker, LOCAL_AWS_BACKEND: _backend, ...env } = process.env;
    const results = join(project, 'jest-results.json');
    const jest = spawnSync(process.execPath, [JEST, '--ci', '--outputFile', results, '--json'], {
      cwd: project,
      env: { ...env, AWS_ENDPOINT_URL: local.backendEndpoint, LOG_GROUP_NAME: `/cdktn/${Date.now()}`, AWS_PROVIDER_VERSION: CDKTF_AWS5.awsVersion },
      encoding: 'utf8',
    });
    const report = JSON.parse(readFileSync(results, 'utf8')) as {
      numFailedTests: number;
      testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }>;
    };
    expect({ status: jest.status, stderr: report.numFailedTests > 0 ? jest.stderr : '' }).toEqual({ status: 0, stderr: '' });
    expect(report.testResults[0].assertionResults.map((a) => [a.fullName, a.status])).toEqual([
      ['cdktn consumer step 1 key-swap: key A › the detector holds key A', 'passed'],
      ['cdktn consumer step 2 key-swap: key B › the detector is replaced and holds key B; key A is kept, Enabled', 'passed'],
    ]);
  }, 600_000);

  test('in a cdktn project, the cdktf entry fails naming what to install and the entry to use', () => {
    expect(() => runIn(projects.get(CDKTN.name)!, process.execPath, ['-e', "require('kms-anomaly-detector')"])).toThrow(
      /kms-anomaly-detector is for CDKTF and needs cdktf, @cdktf\/provider-aws: npm install 'cdktf@~0\.21\.0' .*With CDK Terrain, import 'kms-anomaly-detector\/cdktn' instead/,
    );
  });

  describe.each([CDKTF_AWS6, CDKTN])('$name (hashicorp/aws $awsVersion)', (t) => {
    test('type-checks under the tsconfig `cdktf init` writes (in the setup) and synthesizes a key, its policy and an associated detector', () => {
      const stack = synth(t, { ...process.env, SECOND_REGION: 'eu-west-1' });
      synthesized.set(t.name, stack);
      expect(stack.terraform.required_providers.aws.version).toBe(t.awsVersion);
      const [key] = Object.values(stack.resource.aws_kms_key);
      expect(JSON.stringify(key.policy)).toContain('logs.us-east-1.amazonaws.com');
      const [detector] = Object.values(stack.resource.aws_cloudwatch_log_anomaly_detector);
      expect(detector.kms_key_id).toMatch(/^\$\{aws_kms_key\.key_Key_[0-9A-F]+\.arn\}$/);
    });

    test("puts a detector and its key in another region with the resources' `region` argument, through the one provider", () => {
      const stack = synthesized.get(t.name)!;
      const inRegion = (type: string) => Object.entries(stack.resource[type]).filter(([name]) => name.startsWith('second_'));
      const [[, key]] = inRegion('aws_kms_key');
      const [[, detector]] = inRegion('aws_cloudwatch_log_anomaly_detector');
      expect(key.region).toBe('eu-west-1');
      expect(JSON.stringify(key.policy)).toContain('logs.eu-west-1.amazonaws.com');
      expect(detector).toMatchObject({ region: 'eu-west-1' });
      expect(Object.keys(stack.provider ?? {})).toEqual(['aws']);
    });

    test("sets only attributes the binding's own attribute list has", () => {
      const project = projects.get(t.name)!;
      const file = join(project, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json');
      expect(JSON.parse(runIn(project, process.execPath, ['unknown-attributes.js', file]))).toEqual([]);
    });

    test('sets the filter pattern and visibility time, and keeps them out of the replacement trigger (only the name and log groups)', () => {
      const stack = synthesized.get(t.name)!;
      const [detector] = Object.values(stack.resource.aws_cloudwatch_log_anomaly_detector);
      expect(detector).toMatchObject({ filter_pattern: '%ERROR%', anomaly_visibility_time: 14 });
      const triggers = Object.entries(stack.resource.terraform_data);
      expect(triggers.map(([name]) => name.split('_')[0]).sort()).toEqual(['detector', 'second']);
      for (const [name, trigger] of triggers) {
        expect(Object.keys(trigger.input as object).sort()).toEqual(name.startsWith('detector_') ? ['detectorName', 'logGroupArnList'] : ['logGroupArnList']);
      }
    });
  });

  test('migrating: a stack applied with cdktf, synthesized with cdktn, keeps every address and plans no change', async () => {
    const local = localAwsEnv();
    const env = { ...process.env, LOCAL_AWS_ENDPOINT: local.endpoint, LOG_GROUP_NAME: `/platform/${Date.now()}` };
    const applied = synth(CDKTF_AWS5, env);
    const workingDirectory = join(projects.get(CDKTF_AWS5.name)!, 'cdktf.out', 'stacks', STACK);
    const terraform = new Terraform(workingDirectory, { env: { AWS_ACCESS_KEY_ID: local.accessKeyId, AWS_SECRET_ACCESS_KEY: local.secretAccessKey } });
    await terraform.init();
    await terraform.apply();
    try {
      const migrated = synth(CDKTN, env);
      expect(Object.fromEntries(Object.entries(migrated.resource).map(([type, blocks]) => [type, Object.keys(blocks).sort()]))).toEqual(
        Object.fromEntries(Object.entries(applied.resource).map(([type, blocks]) => [type, Object.keys(blocks).sort()])),
      );
      // Overridden for this plan only: cdktn's binding pins 6.66.0, and only 5.100.0 runs here.
      migrated.terraform.required_providers.aws.version = CDKTF_AWS5.awsVersion;
      // The state file's path is the project folder's; a user migrates in place, this test across two folders.
      migrated.terraform.backend = applied.terraform.backend;
      writeFileSync(join(workingDirectory, 'cdk.tf.json'), JSON.stringify(migrated));
      await terraform.init();
      const plan = await terraform.plan();
      expect(plan.plannedChanges).toEqual([]);
      expect(plan.changes).toBe(false);
    } finally {
      writeFileSync(join(workingDirectory, 'cdk.tf.json'), JSON.stringify(applied));
      await terraform.destroy();
    }
  });
});
