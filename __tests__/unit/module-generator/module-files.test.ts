import { splitIntoModuleFiles, TerraformJson } from '../../../module-generator/module-files';

/** The shape cdktf synthesizes, reduced to one block of each kind. */
function synthesized(extra: TerraformJson = {}): TerraformJson {
  return {
    '//': { metadata: { stackName: 'terraform-module' } },
    data: { aws_region: { region: { '//': { metadata: { path: 'terraform-module/region' } } } } },
    locals: { create_key: '${var.kms_key_arn == null}' },
    output: { detector_arn: { value: '${aws_cloudwatch_log_anomaly_detector.detector.arn}' } },
    provider: { aws: [{}] },
    resource: { aws_kms_key: { key: { '//': { metadata: { path: 'terraform-module/key/Key' } }, count: 1 } } },
    terraform: { backend: { local: { path: 'terraform.tfstate' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    variable: { kms_key_arn: { type: 'string' } },
    ...extra,
  };
}

describe('splitIntoModuleFiles', () => {
  test('places blocks in the terraform-aws-modules files, without cdktf metadata', () => {
    const files = splitIntoModuleFiles(synthesized());
    expect(files['main.tf.json']).toEqual({
      '//': expect.stringContaining('npm run build:module') as string,
      data: { aws_region: { region: {} } },
      locals: { create_key: '${var.kms_key_arn == null}' },
      resource: { aws_kms_key: { key: { count: 1 } } },
    });
    expect(files['variables.tf.json'].variable).toEqual({ kms_key_arn: { type: 'string' } });
    expect(files['outputs.tf.json'].output).toEqual({ detector_arn: { value: '${aws_cloudwatch_log_anomaly_detector.detector.arn}' } });
  });

  test('leaves out the provider block and the backend, and requires hashicorp/aws 5.100 up to the last 6.x', () => {
    const files = splitIntoModuleFiles(synthesized());
    expect(JSON.stringify(files)).not.toMatch(/"provider"|"backend"/);
    expect(files['versions.tf.json'].terraform).toEqual({
      required_version: '>= 1.7.0',
      required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100, < 7.0' } },
    });
  });

  test('refuses blocks it does not know where to put', () => {
    expect(() => splitIntoModuleFiles(synthesized({ module: {}, moved: [] }))).toThrow(
      'The synthesized stack has blocks the module generator does not place: module, moved',
    );
  });

  test('refuses providers other than aws, which versions.tf.json would not declare', () => {
    const terraform = { required_providers: { aws: { source: 'aws' }, random: { source: 'hashicorp/random' } } };
    expect(() => splitIntoModuleFiles(synthesized({ terraform }))).toThrow(
      'The module declares only hashicorp/aws in versions.tf.json, but the constructs use providers aws, random',
    );
  });
});
