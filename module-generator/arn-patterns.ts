import { PARTITION_DNS_SUFFIXES } from '../modules/aws/partitions';
import { KEY_RESOURCE, LOG_GROUP_RESOURCE } from '../modules/aws/arns';
import { unanchoredSource } from './hcl';

/**
 * Whole-ARN patterns with the constructs' rules (the partitions the key policy knows, a region,
 * a 12-digit account, the constructs' resource patterns), for Terraform `regex()`. They use
 * only syntax that JavaScript and RE2 (Terraform's engine) read alike.
 */
function arnPattern(service: string, resource: RegExp): string {
  const partitions = Object.keys(PARTITION_DNS_SUFFIXES).join('|');
  return `^arn:(${partitions}):${service}:[a-z0-9-]+:\\d{12}:${unanchoredSource(resource)}$`;
}

export const LOG_GROUP_ARN_PATTERN = arnPattern('logs', LOG_GROUP_RESOURCE);
export const KEY_ARN_PATTERN = arnPattern('kms', KEY_RESOURCE);
