import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { localAwsProviderSettings, LocalAwsTarget } from '../../../localstack/provider-settings';

const ENDPOINT = 'http://127.0.0.1:4566';

/** The aws provider block Terraform gets from these settings. */
function synthesizedProvider(target: LocalAwsTarget | ((stack: TerraformStack) => LocalAwsTarget)): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1', ...localAwsProviderSettings(typeof target === 'function' ? target(stack) : target) });
  return (JSON.parse(Testing.synth(stack)) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws[0];
}

describe('localAwsProviderSettings', () => {
  test('points every service at the endpoint, with test credentials and no look-ups against real AWS', () => {
    expect(synthesizedProvider({ endpoint: ENDPOINT })).toMatchObject({
      access_key: 'test',
      secret_key: 'test',
      endpoints: [{ kms: ENDPOINT, logs: ENDPOINT, sts: ENDPOINT, iam: ENDPOINT }],
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
});
