import { REQUIRED_TERRAFORM_VERSION } from '../modules/terraform-version';
import { AWS_PROVIDER_VERSION, AWS6_PROVIDER_VERSION, ModuleFiles } from './module-files';
import { moduleSource } from './module-source';

/** What the README reads of a variable in variables.tf.json. */
interface VariableBlock {
  readonly type?: string;
  readonly default?: unknown;
  readonly description?: string;
}

interface OutputBlock {
  readonly description?: string;
}

/** A table cell: pipes escaped (also inside code spans, as GitHub tables need), one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return `\`${text}\``;
}

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The input and output tables, read from the module's own variables.tf.json and outputs.tf.json. */
function inputsTable(files: ModuleFiles): string {
  const variables = files['variables.tf.json'].variable as Record<string, VariableBlock>;
  const rows = Object.entries(variables).map(([name, v]) => [
    code(name),
    cell(v.description ?? ''),
    code(cell(v.type ?? 'any')),
    'default' in v ? code(cell(JSON.stringify(v.default))) : 'n/a',
    'default' in v ? 'no' : 'yes',
  ]);
  return table(['Name', 'Description', 'Type', 'Default', 'Required'], rows);
}

function outputsTable(files: ModuleFiles): string {
  const outputs = files['outputs.tf.json'].output as Record<string, OutputBlock>;
  return table(
    ['Name', 'Description'],
    Object.entries(outputs).map(([name, o]) => [code(name), cell(o.description ?? '')]),
  );
}

/** Registry documentation of a resource or data source type, as terraform-docs links it. */
function typeDocs(kind: 'resource' | 'data source', type: string): string {
  if (type === 'terraform_data') return 'https://developer.hashicorp.com/terraform/language/resources/terraform-data';
  return `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/${kind === 'resource' ? 'resources' : 'data-sources'}/${type.replace(/^aws_/, '')}`;
}

/** Every resource and data source of main.tf.json, as terraform-docs' Resources table lists them. */
function resourcesTable(files: ModuleFiles): string {
  const main = files['main.tf.json'] as { resource?: Record<string, object>; data?: Record<string, object> };
  const rows = (kind: 'resource' | 'data source', blocks: Record<string, object> = {}) =>
    Object.entries(blocks).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => [`[${kind === 'data source' ? 'data.' : ''}${type}.${name}](${typeDocs(kind, type)})`, kind]),
    );
  return table(['Name', 'Type'], [...rows('resource', main.resource), ...rows('data source', main.data)]);
}

/**
 * What each construct prop becomes in the module: an input, or why there is none. The README
 * prints it; a test holds it to the constructs' props and to variables.tf.json.
 */
export const PROP_INPUTS: ReadonlyArray<readonly [construct: string, prop: string, input: string | undefined, note: string]> = [
  ['EncryptedLogAnomalyDetector', 'logGroups', 'log_group_arns', 'ARNs: the module makes no log group'],
  ['EncryptedLogAnomalyDetector', 'key', 'kms_key_arn', 'null: the module creates the key, as the construct does without `key`'],
  [
    'EncryptedLogAnomalyDetector',
    'encryptLogGroups',
    undefined,
    'give the log groups `kms_key_id = module.NAME.key_arn` and name them in `key_log_group_names`',
  ],
  ['EncryptedLogAnomalyDetector', 'keyProps', undefined, 'the key props below are inputs of their own'],
  ['EncryptedLogAnomalyDetector', 'provider', undefined, "modules take their caller's provider (`providers = { aws = aws.NAME }`)"],
  ['EncryptedLogAnomalyDetector', 'region', 'region', "the provider's region here; another one in aws6/"],
  ['EncryptedLogAnomalyDetector', 'detectorName', 'detector_name', ''],
  ['EncryptedLogAnomalyDetector', 'evaluationFrequency', 'evaluation_frequency', ''],
  ['EncryptedLogAnomalyDetector', 'filterPattern', 'filter_pattern', ''],
  ['EncryptedLogAnomalyDetector', 'anomalyVisibilityTime', 'anomaly_visibility_time', ''],
  ['EncryptedLogAnomalyDetector', 'enabled', 'enabled', ''],
  ['EncryptedLogAnomalyDetector', 'tags', 'tags', 'the detector and the created key take the same tags'],
  ['AnomalyDetectorKey', 'alias', 'key_alias', ''],
  ['AnomalyDetectorKey', 'description', 'key_description', ''],
  ['AnomalyDetectorKey', 'keySpec', undefined, "CloudWatch Logs takes only 'SYMMETRIC_DEFAULT', which the module sets"],
  ['AnomalyDetectorKey', 'enableKeyRotation', 'enable_key_rotation', ''],
  ['AnomalyDetectorKey', 'rotationPeriodInDays', 'key_rotation_period_in_days', ''],
  ['AnomalyDetectorKey', 'deletionWindowInDays', 'deletion_window_in_days', ''],
  ['AnomalyDetectorKey', 'preventDestroy', undefined, 'always true: Terraform cannot make `prevent_destroy` depend on a variable'],
  ['AnomalyDetectorKey', 'renamedFrom', undefined, "write a `moved` block in the caller's configuration"],
  ['AnomalyDetectorKey', 'provider', undefined, "modules take their caller's provider"],
  ['AnomalyDetectorKey', 'region', 'region', 'one region for the key and the detector'],
  ['AnomalyDetectorKey', 'account', undefined, 'read with `aws_caller_identity`'],
  ['AnomalyDetectorKey', 'detectorAccounts', 'detector_accounts', ''],
  ['AnomalyDetectorKey', 'logGroupNames', 'key_log_group_names', ''],
  ['AnomalyDetectorKey', 'logGroups', 'encrypt_log_groups', 'deprecated names of the same, removed in 0.3.0'],
  ['AnomalyDetectorKey', 'partition', undefined, 'read with `aws_partition`'],
  ['AnomalyDetectorKey', 'additionalPolicyStatements', 'additional_key_policy_statements', ''],
  ['AnomalyDetectorKey', 'tags', 'tags', ''],
];

function propsTable(): string {
  return table(
    ['Construct', 'Prop', 'Input', 'Note'],
    PROP_INPUTS.map(([construct, prop, input, note]) => [code(construct), code(prop), input === undefined ? 'none' : code(input), cell(note)]),
  );
}

export function renderModuleReadme(files: ModuleFiles): string {
  return `# kms-anomaly-detector Terraform module

A CloudWatch Logs anomaly detector encrypted with a customer-managed KMS key: a key this
module creates, with a policy that lets CloudWatch Logs use it, or an existing key given by
\`kms_key_arn\`. Generated by \`npm run build:module\` from the CDKTF constructs of
kms-anomaly-detector; the tables below come from \`variables.tf.json\` and \`outputs.tf.json\`.

## Usage

This folder is committed to the kms-anomaly-detector repository; take it from a release tag:

\`\`\`hcl
module "anomaly_detector" {
  source = "${moduleSource()}"

  log_group_arns       = [aws_cloudwatch_log_group.app.arn]
  detector_name        = "app"
  evaluation_frequency = "FIFTEEN_MIN"
  key_alias            = "anomaly-detectors"
}
\`\`\`

Runnable roots are in \`examples/\` (hand-written, kept by the generator):
\`examples/basic\` creates a log group and a detector, both encrypted with a key the module creates;
\`examples/existing-key\` uses an existing key given by \`kms_key_arn\`.

The module has no provider block and no backend: it uses its caller's default \`aws\`
provider, whose region is the region of the key and the detector. Log groups and an existing
key must be in that region.

## The key

- With \`kms_key_arn\` null (the default) the module creates a symmetric key (\`aws_kms_key.key\`,
  plus \`aws_kms_alias.alias\` when \`key_alias\` is set). Its policy keeps the account-root
  statement and lets CloudWatch Logs (\`logs.REGION.amazonaws.com\`, \`.amazonaws.com.cn\` in
  China) use the key for this account's anomaly detectors. The policy names the account, region and partition, read with
  \`aws_caller_identity\`, \`aws_region\` and \`aws_partition\`: planning needs credentials.
- **One key for the log groups too.** \`key_log_group_names\` names log groups of the account
  and region (\`*\` matches any characters; \`["*"]\` is every log group there) whose data the
  created key encrypts as well: its policy gains CloudWatch Logs' log-group statement
  (\`AllowCloudWatchLogsLogGroups\`, \`kms:EncryptionContext:aws:logs:arn\` = their ARNs). Give
  those log groups \`kms_key_id = module.NAME.key_arn\` (changed in place by AssociateKmsKey).
  Write the names literally or from locals, never from the log groups' own attributes: a log
  group that takes the key, named in the key's policy by its own attribute, is a cycle. Events
  stay encrypted with the key they were written with: a key a log group used keeps serving it
  until those events are gone. With \`kms_key_arn\` set, a precondition refuses
  \`key_log_group_names\` (add the statement with \`key-policy merge --log-group\`).
  \`encrypt_log_groups\` is its former name, deprecated and removed in 0.3.0.
- With \`kms_key_arn\` set, no key resource is created (\`count = 0\`); that key's policy must
  already let CloudWatch Logs use it (kms-anomaly-detector's \`mergeKeyPolicy\` adds the
  statements to an existing policy).
- **The created key is always protected with \`prevent_destroy = true\`.** Deleting the key
  makes every detector's encrypted data unretrievable, and Terraform cannot make
  \`prevent_destroy\` depend on a variable, so there is no switch. A plan that would destroy the
  key fails, including \`terraform destroy\` and setting \`kms_key_arn\` after the module
  created a key. To retire the key, remove it from the state
  (\`terraform state rm 'module.NAME.aws_kms_key.key[0]'\`) and schedule its deletion yourself
  once nothing needs it.

## What replaces the detector

CloudWatch Logs takes a detector's key only at creation, so changing the key deletes the
detector and creates a new one (new ARN, learned patterns and anomalies lost). So do changes
of \`detector_name\` and \`log_group_arns\`: UpdateLogAnomalyDetector has no field for them, so
an in-place update would never reach AWS (a \`terraform_data\` trigger replaces the detector).
\`filter_pattern\`, \`anomaly_visibility_time\`, \`evaluation_frequency\`, \`enabled\` and
\`tags\` update in place, keeping what the detector learned.

The same holds on every hashicorp/aws the module accepts, 5.100 to the last 6.x: the
detector's Update sends every field it has on all of them (5.100.0 is applied in this
project's tests; 6.x is read from the provider's source), so the module needs no switch for the
provider version, and it sets no argument that exists only in 6.x.

## A central key, rotation and more statements

- \`detector_accounts\` lets detectors of other accounts, in the key's region, use the created key:
  a central key of a security account serving workload accounts, each of which makes its
  detector with the key's ARN: this module with that account's provider and \`kms_key_arn\` in a
  root applied after the central one (\`kms_key_arn\` decides a \`count\`, so it must be known at
  plan), or an \`aws_cloudwatch_log_anomaly_detector\` with \`kms_key_id = module.NAME.key_arn\`
  in the same root. List the key's own account too if its detectors use the key. Dropping an
  account later makes its detectors' data unretrievable.
- \`key_rotation_period_in_days\` sets the rotation period (needs \`enable_key_rotation\`).
- \`additional_key_policy_statements\` appends statements after the module's own, as given.

Each of them shapes the key the module creates: with \`kms_key_arn\` set a precondition refuses
them rather than dropping them.

## Another region: \`aws6/\`

hashicorp/aws 6 gives every resource a \`region\` argument. This folder's module runs on 5.100
to the last 6.x, so its \`region\` may only be the provider's region (a precondition says so);
\`aws6/\` is the same module, generated from the same constructs, whose key, alias, key policy
and detector take \`region\` (\`source = ".../terraform-module/aws6"\`, hashicorp/aws
\`${AWS6_PROVIDER_VERSION}\`). Its inputs and outputs are the ones below.

## Requirements

${table(
  ['Name', 'Version'],
  [
    [code('terraform'), code(cell(REQUIRED_TERRAFORM_VERSION))],
    [code('hashicorp/aws'), code(cell(AWS_PROVIDER_VERSION))],
  ],
)}

## Providers

${table(
  ['Name', 'Version'],
  [
    [code('aws'), code(cell(AWS_PROVIDER_VERSION))],
    [code('terraform'), 'built in'],
  ],
)}

## Resources

${resourcesTable(files)}

## Inputs

Values are checked at plan with the same rules and limits as the constructs' props.

${inputsTable(files)}

## Inputs and the constructs' props

${propsTable()}

## Outputs

${outputsTable(files)}
`;
}
