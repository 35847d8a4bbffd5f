import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terraform } from '../../terraform-runner/terraform';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { installPackedPackage, runIn } from '../support/packed-project';

const run = (command: string, args: string[], cwd: string, input?: string) => runIn(cwd, command, args, input);

// A platform team's project outside the checkout: the packed tarball installed with its peers,
// the CLI on a plan of the team's own HCL, and the team's own cdktf stack applied with the
// testing entry, all against the run's local AWS.
describe('a consumer project outside the checkout', () => {
  const local = localAwsEnv();
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-consumer-'));
  let project: string;
  let bin: string;
  const awsEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: local.endpoint,
    AWS_REGION: local.region,
    AWS_ACCESS_KEY_ID: local.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.secretAccessKey,
  };

  beforeAll(() => {
    ({ project } = installPackedPackage(workspace, 'platform-team'));
    bin = join(project, 'node_modules', '.bin', 'kms-anomaly-detector');
  });

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test('plan-review --fail-on=replace exits 1 on a key swap of its own HCL, naming kms_key_id', async () => {
    const root = join(project, 'hcl');
    mkdirSync(root);
    const rootOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }],
    });
    // The keys' policy comes from the CLI's merge, as the README's existing-key workflow has it.
    writeFileSync(join(root, 'policy.json'), run(bin, ['key-policy', 'merge', '--region', local.region, '--account', '123456789012'], project, rootOnly));
    writeFileSync(
      join(root, 'main.tf'),
      `variable "use_key_b" {
  type    = bool
  default = false
}
provider "aws" {
  region                      = "${local.region}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
resource "aws_cloudwatch_log_group" "app" {
  name = "/platform-team/${Date.now()}"
}
resource "aws_kms_key" "a" {
  policy                  = file("\${path.module}/policy.json")
  deletion_window_in_days = 7
}
resource "aws_kms_key" "b" {
  policy                  = file("\${path.module}/policy.json")
  deletion_window_in_days = 7
}
resource "aws_cloudwatch_log_anomaly_detector" "detector" {
  log_group_arn_list = [aws_cloudwatch_log_group.app.arn]
  kms_key_id         = var.use_key_b ? aws_kms_key.b.arn : aws_kms_key.a.arn
  enabled            = true
}
`,
    );
    const terraform = new Terraform(root, { env: awsEnv });
    await terraform.init();
    await terraform.apply();
    try {
      await terraform.run(['plan', '-no-color', '-input=false', '-var', 'use_key_b=true', '-out=swap.tfplan']);
      writeFileSync(join(root, 'plan.json'), JSON.stringify(await terraform.showPlan('swap.tfplan')));
      const review = spawnSync(bin, ['plan-review', 'hcl/plan.json', '--config', 'hcl', '--fail-on=replace'], { cwd: project, encoding: 'utf8' });
      expect({ status: review.status, stderr: review.stderr }).toEqual({ status: 1, stderr: '' });
      expect(review.stdout).toContain('Detector replaced because kms_key_id changed from arn:aws:kms:');
      // The keys have no prevent_destroy in the team's HCL, and --config let the review see it.
      expect(review.stdout).toContain('(key-unprotected)');
    } finally {
      await terraform.destroy();
    }
  });

  test("require('kms-anomaly-detector/testing').startLocalAws() answers ListLogAnomalyDetectors at its endpoint, then stops", () => {
    writeFileSync(
      join(project, 'local-aws.js'),
      `const { startLocalAws } = require('kms-anomaly-detector/testing');
const { CloudWatchLogsClient, ListLogAnomalyDetectorsCommand } = require('@aws-sdk/client-cloudwatch-logs');
(async () => {
  const aws = await startLocalAws();
  try {
    const logs = new CloudWatchLogsClient({ endpoint: aws.endpoint, region: aws.region, credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey } });
    const { anomalyDetectors } = await logs.send(new ListLogAnomalyDetectorsCommand({}));
    console.log(JSON.stringify({ backend: aws.backend, detectors: anomalyDetectors }));
  } finally {
    await aws.stop();
  }
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`,
    );
    // Its own backend, not the run's: the variables that name the run's endpoint are left out.
    const { AWS_ENDPOINT_URL: _endpoint, LOCAL_AWS_BACKEND: _backend, ...env } = process.env;
    const out = execFileSync(process.execPath, ['local-aws.js'], {
      cwd: project,
      env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '')).toEqual({ backend: expect.any(String) as string, detectors: [] });
  });

  test("its own cdktf constructs, applied with the testing entry's scenario runner, hold the key they made", () => {
    writeFileSync(
      join(project, 'scenarios.js'),
      `const { TerraformOutput } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { CloudwatchLogGroup } = require('@cdktf/provider-aws/lib/cloudwatch-log-group');
const { CloudWatchLogsClient } = require('@aws-sdk/client-cloudwatch-logs');
const { EncryptedLogAnomalyDetector } = require('kms-anomaly-detector');
const { ScenarioRun, assertDetectorUsesKey, localAwsEnv, localAwsProviderSettings } = require('kms-anomaly-detector/testing');
(async () => {
  const local = localAwsEnv();
  const run = new ScenarioRun('platform-team', { stack: (stack) => new AwsProvider(stack, 'aws', { region: local.region, ...localAwsProviderSettings(local) }) });
  run.add({ name: 'team', steps: [{ title: 'own key', build: (scope) => {
    const logs = new CloudwatchLogGroup(scope, 'logs', { name: '/platform-team/cdktf-' + Date.now() });
    const detector = new EncryptedLogAnomalyDetector(scope, 'detector', { logGroups: [logs], keyProps: { preventDestroy: false, deletionWindowInDays: 7 } });
    new TerraformOutput(scope, 'detector_arn', { value: detector.detectorArn });
    new TerraformOutput(scope, 'key_arn', { value: detector.keyArn });
  } }] });
  await run.start();
  try {
    await run.advance(0);
    const { detector_arn, key_arn } = run.facts('team', 0).outputs;
    await assertDetectorUsesKey(new CloudWatchLogsClient({ endpoint: local.endpoint, region: local.region, credentials: { accessKeyId: local.accessKeyId, secretAccessKey: local.secretAccessKey } }), detector_arn, key_arn);
    console.log('associated ' + key_arn);
  } finally {
    await run.finish();
  }
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`,
    );
    const out = run(process.execPath, ['scenarios.js'], project);
    expect(out).toMatch(/^associated arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}\n$/);
  });

  test('an HCL root using the shipped module with only log_group_arns validates', async () => {
    const root = join(project, 'module-root');
    mkdirSync(root);
    writeFileSync(
      join(root, 'main.tf'),
      `provider "aws" {
  region = "us-east-1"
}
module "detector" {
  source         = "../node_modules/kms-anomaly-detector/terraform-module"
  log_group_arns = ["arn:aws:logs:us-east-1:111122223333:log-group:/app"]
}
`,
    );
    const terraform = new Terraform(root);
    await terraform.init();
    expect((await terraform.validate()).stdout).toContain('Success! The configuration is valid.');
  });
});
