import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeLogGroupsCommand, GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteAliasCommand, DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { Terraform } from '../../terraform-runner/terraform';
import { writeTerraformModule } from '../../module-generator/write-terraform-module';
import { credentialsIn, kmsClient, localAwsEnv, logsClient } from '../../testing/local-aws-environment';
import { KeyPolicyDocument } from '../../modules/key-policy';
import { REGION_ARGUMENT_NEEDED } from '../../modules/aws/provider-versions';
import { uniqueName } from './support/unique-name';

const FIXTURE = resolve(__dirname, '..', 'fixtures', 'terraform-module-root');
const CENTRAL_KEY_FIXTURE = resolve(__dirname, '..', 'fixtures', 'terraform-module-central-key');
/** The second account of the central-key root; its provider assumes a role there. */
const WORKLOAD = '222233334444';

// The published module, used by a plain HCL root module by local path, applied for real.
describe('the generated Terraform module, applied against local AWS', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'kms-anomaly-module-apply-')), 'root');
  const endpointVar = ['-var', `aws_endpoint=${localAwsEnv().endpoint}`];
  let terraform: Terraform;
  let outputs: Record<string, { value: string }>;

  beforeAll(async () => {
    cpSync(FIXTURE, root, { recursive: true });
    writeTerraformModule(join(root, 'terraform-module'));
    terraform = new Terraform(root);
    await terraform.init();
    await terraform.run(['apply', '-no-color', '-input=false', '-auto-approve', ...endpointVar]);
    outputs = JSON.parse((await terraform.run(['output', '-json'])).stdout) as typeof outputs;
  });

  afterAll(async () => {
    // The module's key keeps prevent_destroy; release it from state, destroy the rest, then
    // schedule the key's deletion as an operator would.
    const { stdout } = await terraform.run(['state', 'list']);
    const protectedAddresses = stdout.split('\n').filter((a) => /aws_kms_(key|alias)\./.test(a));
    if (protectedAddresses.length > 0) await terraform.run(['state', 'rm', ...protectedAddresses]);
    await terraform.run(['destroy', '-no-color', '-input=false', '-auto-approve', ...endpointVar]);
    const kms = kmsClient();
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: outputs.key_id.value }));
    for (const alias of Aliases ?? []) await kms.send(new DeleteAliasCommand({ AliasName: alias.AliasName }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: outputs.key_id.value, PendingWindowInDays: 7 }));
    rmSync(resolve(root, '..'), { recursive: true, force: true });
  });

  test('the detector is associated with the key the module made', async () => {
    const detector = await logsClient().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.detector_arn.value }));
    expect(outputs.key_arn.value).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
    expect(detector.kmsKeyId).toBe(outputs.key_arn.value);
  });

  test('the log group named in key_log_group_names is encrypted with that key too', async () => {
    const { logGroups } = await logsClient().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/kms-anomaly-module/app' }));
    expect(logGroups?.map((g) => [g.logGroupName, g.kmsKeyId])).toEqual([['/kms-anomaly-module/app', outputs.key_arn.value]]);
  });

  test('prevent_destroy really blocks terraform destroy of the key', async () => {
    await expect(terraform.run(['destroy', '-no-color', '-input=false', '-auto-approve', ...endpointVar])).rejects.toThrow(
      /Instance cannot be destroyed[\s\S]*aws_kms_key\.key/,
    );
  });

  test('kms_key_arn from null to an ARN would delete the created key: the plan is refused and the key stays Enabled', async () => {
    const useExisting = ['-var', `kms_key_arn=${outputs.key_arn.value}`];
    await expect(terraform.run(['plan', '-no-color', '-input=false', ...endpointVar, ...useExisting])).rejects.toThrow(
      /Instance cannot be destroyed[\s\S]*module\.detector\.aws_kms_key\.key\[0\]/,
    );
    const { KeyMetadata } = await kmsClient().send(new DescribeKeyCommand({ KeyId: outputs.key_arn.value }));
    expect(KeyMetadata?.KeyState).toBe('Enabled');
  });

  test('after `terraform state rm` of the created key, its ARN as kms_key_arn keeps key and detector as they are', async () => {
    await terraform.run(['state', 'rm', 'module.detector.aws_kms_key.key[0]']);
    await terraform.run(['apply', '-no-color', '-input=false', '-auto-approve', ...endpointVar, '-var', `kms_key_arn=${outputs.key_arn.value}`]);
    const after = JSON.parse((await terraform.run(['output', '-json'])).stdout) as typeof outputs;
    expect(after.detector_arn.value).toBe(outputs.detector_arn.value);
    const detector = await logsClient().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: after.detector_arn.value }));
    expect(detector.kmsKeyId).toBe(outputs.key_arn.value);
    const { KeyMetadata } = await kmsClient().send(new DescribeKeyCommand({ KeyId: outputs.key_arn.value }));
    expect(KeyMetadata?.KeyState).toBe('Enabled');
  });

  test("key_log_group_names with kms_key_arn is refused at plan by the module's precondition: that key's policy is not the module's", async () => {
    const both = ['-var', `kms_key_arn=${outputs.key_arn.value}`, '-var', 'key_log_group_names=["/kms-anomaly-module/app"]'];
    // After the state rm above, so that prevent_destroy does not stop the plan first.
    await expect(terraform.run(['plan', '-no-color', '-input=false', ...endpointVar, ...both])).rejects.toThrow(
      /'key_log_group_names'\s+needs\s+the\s+module\s+to\s+create\s+the\s+key\s+\(kms_key_arn\s+null\)/,
    );
  });

  test('key_log_group_names and its deprecated name encrypt_log_groups at once are refused at plan, naming both', async () => {
    const both = ['-var', 'key_log_group_names=["/kms-anomaly-module/app"]', '-var', 'encrypt_log_groups=["/kms-anomaly-module/app"]'];
    await expect(terraform.run(['plan', '-no-color', '-input=false', ...endpointVar, ...both])).rejects.toThrow(
      /'encrypt_log_groups'\s+is\s+the\s+deprecated\s+name\s+of\s+'key_log_group_names':\s+give\s+only\s+'key_log_group_names'/,
    );
  });
});

// The module's newer inputs applied for real: one call in the central account creates a key for
// detectors of two accounts, with one more statement, in the provider's region; the workload
// account (a provider with assume_role) makes its detector with that key. The rotation period is
// proven at plan only (module-inputs.tftest.hcl): moto 5.2.1 does not store one. Local
// AWS decides, with its own check of the key policy, whether that account may use the key.
describe('the generated Terraform module: a central key for two accounts, applied against local AWS', () => {
  // Made in beforeAll, not here: a run that filters these tests out makes nothing.
  let root: string;
  const namePrefix = uniqueName('module-central');
  const vars = ['-var', `aws_endpoint=${localAwsEnv().endpoint}`, '-var', `workload_account=${WORKLOAD}`, '-var', `name_prefix=${namePrefix}`];
  let terraform: Terraform;
  let outputs: Record<string, { value: string }>;

  // Two providers and a KMS key's waits: on a shared 2-core machine this takes minutes.
  beforeAll(async () => {
    root = join(mkdtempSync(join(tmpdir(), 'kms-anomaly-module-central-')), 'root');
    cpSync(CENTRAL_KEY_FIXTURE, root, { recursive: true });
    writeTerraformModule(join(root, 'terraform-module'));
    terraform = new Terraform(root);
    await terraform.init();
    await terraform.run(['apply', '-no-color', '-input=false', '-auto-approve', ...vars]);
    outputs = JSON.parse((await terraform.run(['output', '-json'])).stdout) as typeof outputs;
  }, 600_000);

  afterAll(async () => {
    // As above: the key keeps prevent_destroy, so it leaves the state and is scheduled for deletion by hand.
    const { stdout } = await terraform.run(['state', 'list']);
    const protectedAddresses = stdout.split('\n').filter((a) => /aws_kms_(key|alias)\./.test(a));
    if (protectedAddresses.length > 0) await terraform.run(['state', 'rm', ...protectedAddresses]);
    await terraform.run(['destroy', '-no-color', '-input=false', '-auto-approve', ...vars]);
    if (outputs?.key_arn) await kmsClient().send(new ScheduleKeyDeletionCommand({ KeyId: outputs.key_arn.value.split('/')[1], PendingWindowInDays: 7 }));
    rmSync(resolve(root, '..'), { recursive: true, force: true });
  }, 600_000);

  test("the workload account's detector is in that account and holds the central account's key", async () => {
    expect(outputs.workload_detector_arn.value).toMatch(new RegExp(`^arn:aws:logs:us-east-1:${WORKLOAD}:anomaly-detector:`));
    expect(outputs.key_arn.value).not.toContain(WORKLOAD);
    const credentials = await credentialsIn(WORKLOAD);
    const detector = await logsClient({ credentials }).send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.workload_detector_arn.value }));
    expect(detector.kmsKeyId).toBe(outputs.key_arn.value);
  });

  test("the central account's detector holds the same key", async () => {
    const detector = await logsClient().send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: outputs.central_detector_arn.value }));
    expect(detector.kmsKeyId).toBe(outputs.key_arn.value);
  });

  test("the key's policy names both accounts' detectors and ends with the additional statement", async () => {
    const central = outputs.key_arn.value.split(':')[4];
    const { Policy } = await kmsClient().send(new GetKeyPolicyCommand({ KeyId: outputs.key_arn.value, PolicyName: 'default' }));
    const statements = (JSON.parse(Policy ?? '{}') as KeyPolicyDocument).Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'AllowCloudWatchLogsAnomalyDetectors',
      'AllowCloudWatchLogsAnomalyDetectorsEncryptionSdk',
      'AuditorsDescribeKey',
    ]);
    expect(statements[1].Condition?.ArnLike).toEqual({
      'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:us-east-1:${central}:anomaly-detector:*`, `arn:aws:logs:us-east-1:${WORKLOAD}:anomaly-detector:*`],
    });
    expect(statements[3]).toEqual({
      Sid: 'AuditorsDescribeKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${central}:root` },
      Action: 'kms:DescribeKey',
      Resource: '*',
    });
  });

  test('the next plan changes nothing', async () => {
    const { exitCode } = await terraform.run(['plan', '-no-color', '-input=false', '-detailed-exitcode', ...vars], [0, 2]);
    expect(exitCode).toBe(0);
  });

  test("a region other than the provider's is refused at plan, naming the rule", async () => {
    const plan = terraform.run(['plan', '-no-color', '-input=false', ...vars, '-var', 'region=eu-west-1']);
    // Terraform wraps long messages: any run of whitespace may stand between two words.
    const rule = `'region' must be the region of the module's aws provider: ${REGION_ARGUMENT_NEEDED};`;
    await expect(plan).rejects.toThrow(
      new RegExp(
        rule
          .split(' ')
          .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
          .join('\\s+'),
      ),
    );
  });
});
