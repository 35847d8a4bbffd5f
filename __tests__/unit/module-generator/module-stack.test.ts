import { MAX_DELETION_WINDOW_DAYS, MIN_DELETION_WINDOW_DAYS } from '../../../modules/aws/kms';
import { EvaluationFrequency, MAX_ANOMALY_VISIBILITY_DAYS, MIN_ANOMALY_VISIBILITY_DAYS } from '../../../modules/aws/cloudwatch-logs';
import { ModuleFiles } from '../../../module-generator/module-files';
import { synthesizeModuleFiles } from '../../../module-generator/synthesize-module';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
type Variable = { validation?: Array<{ condition: string; error_message: string }> };

describe('the module stack', () => {
  let files: ModuleFiles;
  let resources: Blocks;
  let variables: Record<string, Variable>;

  beforeAll(() => {
    files = synthesizeModuleFiles();
    resources = files['main.tf.json'].resource as Blocks;
    variables = files['variables.tf.json'].variable as Record<string, Variable>;
  });

  test('names resources as a hand-written module would', () => {
    expect(Object.fromEntries(Object.entries(resources).map(([type, blocks]) => [type, Object.keys(blocks)]))).toEqual({
      aws_cloudwatch_log_anomaly_detector: ['detector'],
      aws_kms_alias: ['alias'],
      aws_kms_key: ['key'],
      terraform_data: ['name_and_log_groups_trigger'],
    });
  });

  test('creates the key only without kms_key_arn, and the alias only with key_alias too', () => {
    expect(files['main.tf.json'].locals).toMatchObject({ create_key: '${var.kms_key_arn == null}' });
    expect(resources.aws_kms_key.key.count).toBe('${local.create_key ? 1 : 0}');
    expect(resources.aws_kms_alias.alias).toMatchObject({
      count: '${local.create_key && var.key_alias != null ? 1 : 0}',
      target_key_id: '${aws_kms_key.key[0].key_id}',
    });
  });

  test('associates the detector with the created key or else kms_key_arn', () => {
    expect(files['main.tf.json'].locals).toMatchObject({
      detector_kms_key_arn: '${local.create_key ? one(aws_kms_key.key[*].arn) : var.kms_key_arn}',
    });
    expect(resources.aws_cloudwatch_log_anomaly_detector.detector.kms_key_id).toBe('${local.detector_kms_key_arn}');
  });

  test('keeps the key protected with prevent_destroy', () => {
    expect(resources.aws_kms_key.key.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('takes its limits from the constructs', () => {
    const conditions = (name: string) => variables[name].validation!.map((v) => v.condition).join('\n');
    expect(conditions('deletion_window_in_days')).toContain(`>= ${MIN_DELETION_WINDOW_DAYS} && var.deletion_window_in_days <= ${MAX_DELETION_WINDOW_DAYS}`);
    expect(conditions('anomaly_visibility_time')).toContain(
      `>= ${MIN_ANOMALY_VISIBILITY_DAYS} && var.anomaly_visibility_time <= ${MAX_ANOMALY_VISIBILITY_DAYS}`,
    );
    expect(conditions('evaluation_frequency')).toContain(JSON.stringify(Object.values(EvaluationFrequency)));
  });
});
