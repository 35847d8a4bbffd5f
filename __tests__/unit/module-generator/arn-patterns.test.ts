import { assertKeyArn, assertLogGroupArn } from '../../../modules/private/arns';
import { KEY_ARN_PATTERN, LOG_GROUP_ARN_PATTERN } from '../../../module-generator/arn-patterns';

/** Whether the construct's check accepts `value`. */
function constructAccepts(check: (prop: string, value: string) => unknown, value: string): boolean {
  try {
    check('value', value);
    return true;
  } catch {
    return false;
  }
}

// The module's validations must accept exactly what the constructs accept.
describe('ARN patterns of the module validations agree with the constructs', () => {
  test.each([
    'arn:aws:logs:us-east-1:123456789012:log-group:/app/web',
    'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn.v1#2:*',
    'arn:aws-cn:logs:cn-north-1:123456789012:log-group:app',
    'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:app',
    'arn:aws-iso:logs:us-iso-east-1:123456789012:log-group:app',
    'arn:aws:logs::123456789012:log-group:app',
    'arn:aws:logs:us-east-1::log-group:app',
    'arn:aws:logs:us-east-1:123456789012:log-group:',
    'arn:aws:logs:us-east-1:123456789012:log-group:a b',
    'arn:aws:logs:us-east-1:123456789012:log-stream:app',
    'arn:aws:s3:::bucket',
    `arn:aws:logs:us-east-1:123456789012:log-group:${'a'.repeat(513)}`,
  ])('log group %s', (value) => {
    expect(new RegExp(LOG_GROUP_ARN_PATTERN).test(value)).toBe(constructAccepts(assertLogGroupArn, value));
  });

  test.each([
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef',
    'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:us-east-1:123456789012:alias/mine',
    'arn:aws:kms:us-east-1:123456789012:key/1234ABCD-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:logs:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '1234abcd-12ab-34cd-56ef-1234567890ab',
  ])('key %s', (value) => {
    expect(new RegExp(KEY_ARN_PATTERN).test(value)).toBe(constructAccepts(assertKeyArn, value));
  });
});
