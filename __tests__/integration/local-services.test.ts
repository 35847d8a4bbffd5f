import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LightsailInstance } from '@cdktf/provider-aws/lib/lightsail-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack } from 'cdktf';
import { localAwsProviderSettings } from '../../localstack/provider-settings';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

// A user's stack holds more than our constructs: the harness keeps every service local AWS
// serves local, and refuses a stack that would reach real AWS.
describe('every service local', () => {
  const local = localAwsEnv();
  const name = uniqueName('services');
  const deployment = new StackDeployment(name, { env: { AWS_ACCESS_KEY_ID: local.accessKeyId, AWS_SECRET_ACCESS_KEY: local.secretAccessKey } });
  const provider = (stack: TerraformStack) => new AwsProvider(stack, 'aws', { region: local.region, ...localAwsProviderSettings(local) });

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  }, 180_000);

  test('a stack with an S3 bucket is applied on local AWS, where the SDK reads the bucket back', async () => {
    deployment.synth((app) => {
      const stack = new TerraformStack(app, 'services');
      provider(stack);
      new S3Bucket(stack, 'bucket', { bucket: name, tags: { made_by: name } });
      return stack;
    });
    await deployment.deploy();
    const s3 = new S3Client({
      endpoint: local.endpoint,
      region: local.region,
      forcePathStyle: true,
      credentials: { accessKeyId: local.accessKeyId, secretAccessKey: local.secretAccessKey },
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: name }))).resolves.toBeDefined();
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet).toEqual([{ Key: 'made_by', Value: name }]);
  }, 180_000);

  test('a stack with a resource of a service local AWS does not serve is refused naming its type, and nothing is installed', () => {
    const refused = new StackDeployment(`${name}-refused`);
    try {
      expect(() =>
        refused.synth((app) => {
          const stack = new TerraformStack(app, 'refused');
          provider(stack);
          new LightsailInstance(stack, 'box', { name, availabilityZone: `${local.region}a`, blueprintId: 'amazon_linux_2', bundleId: 'nano_3_0' });
          return stack;
        }),
      ).toThrow(/^local AWS cannot serve aws_lightsail_instance \(aws_lightsail_instance\.box\): its service is not one moto 5\.2\.1 serves/);
      expect(existsSync(join(refused.workDir, 'cdk.tf.json'))).toBe(false);
    } finally {
      refused.remove();
    }
  });
});
