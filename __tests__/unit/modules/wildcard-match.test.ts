import { wildcardMatch } from '../../../modules/wildcard-match';

describe('wildcardMatch', () => {
  test.each([
    ['*', '', true],
    ['*', 'anything: at all\n', true],
    ['?', '', false],
    ['?', 'é', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['arn:aws:logs:*:*:anomaly-detector:*', 'arn:aws:logs:us-east-1:123456789012:anomaly-detector:x', true],
    ['*b*b', 'abab', true],
    ['*b*b', 'abba', false],
    ['a.c', 'abc', false],
    ['(a)+', '(a)+', true],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  test('ignoreCase folds both sides', () => {
    expect(wildcardMatch('KMS:Generate*', 'kms:GenerateDataKey', { ignoreCase: true })).toBe(true);
    expect(wildcardMatch('KMS:Generate*', 'kms:GenerateDataKey')).toBe(false);
  });

  test('a backtracking shape of 32 stars against 30,000 characters still answers', () => {
    // A RegExp built from this pattern needs exponential steps; the matcher needs at most pattern × value.
    expect(wildcardMatch('*?'.repeat(16) + 'x', 'y'.repeat(30_000))).toBe(false);
  });
});
