import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';

/** What the AWS provider needs to reach a local AWS. */
export interface LocalAwsTarget {
  /** The local endpoint (the gateway), e.g. http://127.0.0.1:4566 */
  readonly endpoint: string;
  /** @default 'test' */
  readonly accessKeyId?: string;
  /** @default 'test' */
  readonly secretAccessKey?: string;
}

/** Services the constructs and the provider's reads touch: every one must point at the local endpoint. */
export const LOCAL_AWS_SERVICES = ['kms', 'logs', 'sts', 'iam'] as const;

/**
 * AWS provider settings for a local AWS, in one place: endpoints for every service used, no
 * credential or account look-ups against real AWS, no instance metadata, and few retries so a
 * broken emulator fails a run in seconds rather than minutes.
 */
export function localAwsProviderSettings(target: LocalAwsTarget): Omit<AwsProviderConfig, 'region'> {
  return {
    accessKey: target.accessKeyId ?? 'test',
    secretKey: target.secretAccessKey ?? 'test',
    endpoints: [Object.fromEntries(LOCAL_AWS_SERVICES.map((service) => [service, target.endpoint]))],
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    maxRetries: 1,
  };
}
