import { spawnSync } from 'node:child_process';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LightsailInstance } from '@cdktf/provider-aws/lib/lightsail-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { DataAwsIpRanges } from '@cdktf/provider-aws/lib/data-aws-ip-ranges';
import { TerraformStack, Testing } from 'cdktf';
import { assertServedLocally, LOCAL_AWS_SERVICES, servedLocally, unservedBlocks, unservedConstructs } from '../../../localstack/local-services';

describe('LOCAL_AWS_SERVICES', () => {
  test.each(['@cdktf/provider-aws', '@cdktn/provider-aws'])('every key is an endpoints key of %s', (binding) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- each binding by name, from one table
    const { awsProviderEndpointsToTerraform } = require(`${binding}/lib/provider`) as { awsProviderEndpointsToTerraform: (s: unknown) => unknown };
    const known = new Set([...awsProviderEndpointsToTerraform.toString().matchAll(/^\s*(\w+): cdkt[fn]\.stringToTerraform\(/gm)].map((m) => m[1]));
    expect(known.size).toBeGreaterThan(250);
    expect(LOCAL_AWS_SERVICES.filter((key) => !known.has(key))).toEqual([]);
  });

  test('holds what the harness needs and the S3 of the documented example', () => {
    expect(LOCAL_AWS_SERVICES).toEqual(expect.arrayContaining(['kms', 'logs', 'sts', 'iam', 's3', 'sns', 'sqs', 'lambda', 'ec2']));
    expect(LOCAL_AWS_SERVICES).not.toContain('lightsail');
  });

  test("every key's service is one moto 5.2.1's server answers (its backend index, under moto's names)", () => {
    const listed = spawnSync('python3', ['-c', 'from moto.backend_index import backend_url_patterns as b; print(" ".join(sorted({n for n, _ in b})))'], {
      encoding: 'utf8',
    });
    expect(listed.status).toBe(0);
    const moto = new Set(listed.stdout.trim().split(' '));
    // moto names these as boto3 does, the provider by its own package names.
    const motoName: Record<string, string> = {
      appautoscaling: 'applicationautoscaling',
      configservice: 'config',
      deploy: 'codedeploy',
      elasticsearch: 'es',
      lambda: 'awslambda',
      sfn: 'stepfunctions',
    };
    expect(LOCAL_AWS_SERVICES.filter((key) => !moto.has(motoName[key] ?? key))).toEqual([]);
  });
});

describe('servedLocally', () => {
  test.each([
    'aws_s3_bucket',
    'aws_s3_bucket_policy',
    'aws_sns_topic',
    'aws_sqs_queue',
    'aws_kms_key',
    'aws_cloudwatch_log_group',
    'aws_cloudwatch_log_anomaly_detector',
    'aws_cloudwatch_metric_alarm',
    'aws_cloudwatch_event_rule',
    'aws_caller_identity',
    'aws_partition',
    'aws_region',
    'aws_vpc',
    'aws_subnet',
    'aws_instance',
    'aws_lb_listener',
    'aws_route53_zone',
    'aws_route53_resolver_endpoint',
    'aws_db_instance',
    'aws_lambda_function',
  ])('%s: served', (type) => expect(servedLocally(type)).toBe(true));

  test.each(['aws_lightsail_instance', 'aws_opsworks_stack', 'aws_vpc_ipam', 'aws_ip_ranges', 'aws_kinesis_analytics_application', 'aws_ecrpublic_repository'])(
    '%s: not served',
    (type) => expect(servedLocally(type)).toBe(false),
  );
});

describe('unservedBlocks and unservedConstructs', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new S3Bucket(stack, 'bucket', { bucket: 'kept-local' });
  new LightsailInstance(stack, 'box', { name: 'box', availabilityZone: 'us-east-1a', blueprintId: 'amazon_linux_2', bundleId: 'nano_3_0' });
  new DataAwsIpRanges(stack, 'ranges', { services: ['ec2'] });

  test('names the blocks of a synthesized configuration that local AWS cannot serve, not the others', () => {
    expect(unservedBlocks(JSON.parse(Testing.synth(stack)))).toEqual([
      { address: 'aws_lightsail_instance.box', type: 'aws_lightsail_instance' },
      { address: 'data.aws_ip_ranges.ranges', type: 'aws_ip_ranges' },
    ]);
  });

  test('names the constructs before synthesis, by path', () => {
    expect(unservedConstructs(stack)).toEqual([
      { address: 'stack/box', type: 'aws_lightsail_instance' },
      { address: 'stack/ranges', type: 'aws_ip_ranges' },
    ]);
  });

  test('assertServedLocally refuses naming the types and where they are', () => {
    expect(() => assertServedLocally(unservedConstructs(stack))).toThrow(
      'local AWS cannot serve aws_lightsail_instance, aws_ip_ranges (stack/box, stack/ranges): its service is not one moto 5.2.1 serves, so its calls would go to real AWS.',
    );
    expect(() => assertServedLocally([])).not.toThrow();
  });
});
