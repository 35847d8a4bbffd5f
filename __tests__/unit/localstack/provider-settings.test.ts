import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { LOCAL_AWS_SERVICES } from '../../../localstack/local-services';
import { localAwsProviderSettings, LocalAwsTarget } from '../../../localstack/provider-settings';

const ENDPOINT = 'http://127.0.0.1:4566';

/** The aws provider block Terraform gets from these settings. */
function synthesizedProvider(target: LocalAwsTarget | ((stack: TerraformStack) => LocalAwsTarget)): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1', ...localAwsProviderSettings(typeof target === 'function' ? target(stack) : target) });
  return (JSON.parse(Testing.synth(stack)) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws[0];
}

describe('localAwsProviderSettings', () => {
  test('points every service local AWS serves at the endpoint, S3 path-style, with test credentials and no look-ups against real AWS', () => {
    const provider = synthesizedProvider({ endpoint: ENDPOINT });
    // Every key reaches Terraform: the binding drops a property it does not know without a word.
    expect(provider.endpoints).toEqual([Object.fromEntries(LOCAL_AWS_SERVICES.map((key) => [key, ENDPOINT]))]);
    expect(Object.keys((provider.endpoints as object[])[0])).toEqual(
      expect.arrayContaining(['kms', 'logs', 'sts', 'iam', 's3', 's3control', 'route53resolver', 'lexv2models']),
    );
    expect(provider).toMatchObject({
      access_key: 'test',
      secret_key: 'test',
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      max_retries: 1,
    });
  });

  test('assumes no role without an account: the backend maps the access key to its account', () => {
    expect(synthesizedProvider({ endpoint: ENDPOINT })).not.toHaveProperty('assume_role');
  });

  test('with an account, assumes a role of that account through the local STS', () => {
    expect(synthesizedProvider({ endpoint: ENDPOINT, account: '222222222222' })).toMatchObject({
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/local-aws', session_name: 'kms-anomaly-detector' }],
      endpoints: [expect.objectContaining({ sts: ENDPOINT }) as unknown],
    });
  });

  test('takes an account known only at plan, from a variable', () => {
    const provider = synthesizedProvider((stack) => ({ endpoint: ENDPOINT, account: new TerraformVariable(stack, 'account', { type: 'string' }).stringValue }));
    expect(provider.assume_role).toEqual([{ role_arn: 'arn:aws:iam::${var.account}:role/local-aws', session_name: 'kms-anomaly-detector' }]);
  });

  test.each(['12345', '22222222222a', '2222222222222', ''])("refuses account '%s': it must be 12 digits", (account) => {
    expect(() => localAwsProviderSettings({ endpoint: ENDPOINT, account })).toThrow(`'account' must be 12 digits, got '${account}'`);
  });

  test('with the CDK Terrain binding too, every key reaches Terraform', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- cdktn's classes, beside cdktf's imported above
    const cdktn = require('cdktn') as typeof import('cdktn');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider: CdktnAwsProvider } = require('@cdktn/provider-aws/lib/provider') as typeof import('@cdktn/provider-aws/lib/provider');
    const stack = new cdktn.TerraformStack(cdktn.Testing.app(), 'test');
    new CdktnAwsProvider(stack, 'aws', { region: 'us-east-1', ...(localAwsProviderSettings({ endpoint: ENDPOINT }) as object) });
    const provider = (JSON.parse(cdktn.Testing.synth(stack)) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws[0];
    expect(provider.endpoints).toEqual([Object.fromEntries(LOCAL_AWS_SERVICES.map((key) => [key, ENDPOINT]))]);
  });
});
