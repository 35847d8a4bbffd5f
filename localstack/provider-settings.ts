import { ACCOUNT_ID } from '../modules/aws/partitions';
import { LOCAL_AWS_SERVICES } from './local-services';
import { Token } from '../modules/toolchain';
import type { AwsProviderConfig } from '../modules/toolchain';

/** What the AWS provider needs to reach a local AWS. */
export interface LocalAwsTarget {
  /** The local endpoint (the gateway), e.g. http://127.0.0.1:4566 */
  readonly endpoint: string;
  /** @default 'test' */
  readonly accessKeyId?: string;
  /** @default 'test' */
  readonly secretAccessKey?: string;
  /**
   * The account the provider works in: it assumes the role `local-aws` of that account first.
   * @default - the account the backend maps the access key to (moto: 123456789012, LocalStack: 000000000000)
   */
  readonly account?: string;
}

/** The role assumed in `account`; local backends need no such role to exist. */
const LOCAL_AWS_ROLE_NAME = 'local-aws';
const SESSION_NAME = 'kms-anomaly-detector';

/**
 * AWS provider settings for a local AWS, in one place: endpoints for every service local AWS
 * serves (LOCAL_AWS_SERVICES; S3 path-style, as local endpoints have no bucket host names), no
 * credential or account look-ups against real AWS, no instance metadata, and few retries so a
 * broken emulator fails a run in seconds rather than minutes.
 *
 * With `account`, the provider targets that account: it first calls STS AssumeRole (at the local
 * endpoint, like every other call) for `arn:aws:iam::ACCOUNT:role/local-aws` (partition `aws`
 * whatever the region: local backends read only the account from it) and works with the
 * credentials it gets, which moto, LocalStack and so the gateway place in the role's account.
 * assume_role rather than an emulator-only switch (moto's `x-moto-account-id` header, an access
 * key an emulator maps to an account): it is how real cross-account deployments work too, and
 * credentials an emulator mapped would mean nothing on real AWS.
 */
export function localAwsProviderSettings(target: LocalAwsTarget): Omit<AwsProviderConfig, 'region'> {
  const { account } = target;
  if (account !== undefined && !Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
    throw new Error(`'account' must be 12 digits, got '${account}'`);
  }
  return {
    accessKey: target.accessKeyId ?? 'test',
    secretKey: target.secretAccessKey ?? 'test',
    endpoints: [Object.fromEntries(LOCAL_AWS_SERVICES.map((service) => [bindingPropertyName(service), target.endpoint]))],
    s3UsePathStyle: true,
    ...(account === undefined ? {} : { assumeRole: [{ roleArn: `arn:aws:iam::${account}:role/${LOCAL_AWS_ROLE_NAME}`, sessionName: SESSION_NAME }] }),
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    maxRetries: 1,
  };
}

/**
 * The bindings' property for an `endpoints` key: the key, with a letter after a digit in upper
 * case (jsii's camel case: `s3control` is `s3Control`, `route53resolver` `route53Resolver`).
 * A property the binding does not know would be dropped silently at synthesis.
 */
function bindingPropertyName(key: string): string {
  return key.replace(/(\d)([a-z])/g, (_, digit: string, letter: string) => digit + letter.toUpperCase());
}
