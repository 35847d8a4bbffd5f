import { TagRules } from './tags';

/** KMS's rules for the keys this library makes, used by the constructs and the module's variable validations. */

/** The only key spec CloudWatch Logs accepts. */
export const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';
export const MIN_DELETION_WINDOW_DAYS = 7;
export const MAX_DELETION_WINDOW_DAYS = 30;
export const MIN_ROTATION_PERIOD_DAYS = 90;
export const MAX_ROTATION_PERIOD_DAYS = 2560;
export const ALIAS_PREFIX = 'alias/';
/** Aliases under this prefix belong to AWS managed keys. */
export const RESERVED_ALIAS_PREFIX = 'alias/aws/';
export const MAX_ALIAS_LENGTH = 256;
/** What a full alias name (with `alias/`) may hold. */
export const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;
export const MAX_DESCRIPTION_LENGTH = 8192;
/** KMS TagResource: tag keys 1..128 characters, values 0..256, 50 tags a key; no character rule. */
export const KEY_TAG_RULES: TagRules = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 };
/** KMS PutKeyPolicy / CreateKey: a key policy document is at most 32 KB (32,768 bytes). */
export const MAX_KEY_POLICY_BYTES = 32768;
