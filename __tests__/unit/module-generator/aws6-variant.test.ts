import { synthesizeModuleFiles } from '../../../module-generator/synthesize-module';
import { ModuleFiles } from '../../../module-generator/module-files';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
const blocks = (files: ModuleFiles, kind: 'resource' | 'data') => files['main.tf.json'][kind] as Blocks;

/** Every block of `kind` as `TYPE.NAME` with its body. */
function entries(files: ModuleFiles, kind: 'resource' | 'data'): Array<[string, Record<string, unknown>]> {
  return Object.entries(blocks(files, kind)).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Record<string, unknown>]),
  );
}

// hashicorp/aws 6.x cannot run on this machine (only 5.100.0 is in the mirror, and 5.100.0
// rejects a `region` argument), so the aws6/ variant is checked here, on what is synthesized.
describe('the aws6/ variant: the same module with hashicorp/aws 6 per-resource region', () => {
  let aws5: ModuleFiles;
  let aws6: ModuleFiles;

  beforeAll(() => {
    aws5 = synthesizeModuleFiles();
    aws6 = synthesizeModuleFiles({ regionArgument: true });
  });

  test('requires hashicorp/aws 6 (the region argument came in 6.0.0), the module 5.100 to 6.x', () => {
    const version = (files: ModuleFiles) =>
      (files['versions.tf.json'].terraform as { required_providers: { aws: { version: string } } }).required_providers.aws.version;
    expect([version(aws5), version(aws6)]).toEqual(['>= 5.100, < 7.0', '>= 6.0, < 7.0']);
  });

  test('the key, its alias, the detector and data.aws_region (whose region the key policy names) take var.region; the global data sources and terraform_data do not', () => {
    const withRegion = entries(aws6, 'resource')
      .concat(entries(aws6, 'data').map(([address, body]) => [`data.${address}`, body]))
      .map(([address, body]) => [address, body.region]);
    expect(withRegion).toEqual([
      ['aws_cloudwatch_log_anomaly_detector.detector', '${var.region}'],
      ['aws_kms_alias.alias', '${var.region}'],
      ['aws_kms_key.key', '${var.region}'],
      ['terraform_data.name_and_log_groups_trigger', undefined],
      ['data.aws_caller_identity.anomaly_detector_caller_identity', undefined],
      ['data.aws_partition.anomaly_detector_partition', undefined],
      ['data.aws_region.anomaly_detector_region', '${var.region}'],
    ]);
  });

  test('the module for 5.100 sets no region argument anywhere (5.100.0 rejects one), and refuses a foreign region by precondition instead', () => {
    for (const [, body] of [...entries(aws5, 'resource'), ...entries(aws5, 'data')]) expect(body).not.toHaveProperty('region');
    const conditions = (files: ModuleFiles) =>
      (blocks(files, 'resource').aws_cloudwatch_log_anomaly_detector.detector.lifecycle as { precondition: Array<{ condition: string }> }).precondition.map(
        (p) => p.condition,
      );
    expect(conditions(aws5)).toContain('${var.region == null ? true : var.region == data.aws_region.anomaly_detector_region.name}');
    expect(conditions(aws6).filter((c) => c.includes('var.region'))).toEqual([]);
  });

  test('besides region, the two variants are the same module', () => {
    const withoutRegion = (files: ModuleFiles) =>
      JSON.parse(
        JSON.stringify(files['main.tf.json'], (key, value: unknown) => (key === 'region' ? undefined : value)).replace(
          /,?\{"condition":"\$\{var\.region[^}]*\}","error_message":"[^"]*"\}/,
          '',
        ),
      ) as unknown;
    expect(withoutRegion(aws6)).toEqual(withoutRegion(aws5));
    expect(aws6['outputs.tf.json']).toEqual(aws5['outputs.tf.json']);
  });
});
