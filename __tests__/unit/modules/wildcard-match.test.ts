import fc from 'fast-check';
import { anyWildcardMatcher, wildcardMatch, wildcardMatcher } from '../../../modules/wildcard-match';

/** IAM's wildcards read literally off their definition: plain recursion over code points, exponential, fine on small inputs. */
function reference(pattern: readonly string[], value: readonly string[]): boolean {
  if (pattern.length === 0) return value.length === 0;
  const [p, ...rest] = pattern;
  if (p === '*') return reference(rest, value) || (value.length > 0 && reference(pattern, value.slice(1)));
  return value.length > 0 && (p === '?' || p === value[0]) && reference(rest, value.slice(1));
}

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

  // A small alphabet, astral characters included, so that patterns and values often overlap.
  const alphabet = ['a', 'b', 'A', ':', '😀'];
  const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 10 });
  const pattern = fc.array(fc.constantFrom(...alphabet, '*', '?'), { maxLength: 8 });

  test('property: equals the naive recursive reference on small inputs', () => {
    fc.assert(
      fc.property(pattern, text, (p, v) => {
        expect(wildcardMatch(p.join(''), v.join(''))).toBe(reference(p, v));
      }),
      { seed: 26, numRuns: 2000 },
    );
  });

  test('property: a value built to match its pattern matches (the reference alone rarely draws one)', () => {
    const filled = fc.array(fc.tuple(fc.constantFrom(...alphabet, '*', '?'), text), { maxLength: 6 }).map((parts) => ({
      pattern: parts.map(([p]) => p).join(''),
      value: parts.map(([p, fill]) => (p === '*' ? fill.join('') : p === '?' ? (fill[0] ?? 'z') : p)).join(''),
    }));
    fc.assert(
      fc.property(filled, ({ pattern, value }) => {
        expect(wildcardMatch(pattern, value)).toBe(true);
        expect(reference(Array.from(pattern), Array.from(value))).toBe(true);
      }),
      { seed: 26, numRuns: 1000 },
    );
  });

  test('property: a prepared matcher answers as the one-off match, case folded or not', () => {
    fc.assert(
      fc.property(pattern, text, fc.boolean(), (p, v, ignoreCase) => {
        const folded = (s: string[]) => (ignoreCase ? s.map((c) => c.toLowerCase()) : s);
        expect(wildcardMatcher(p.join(''), { ignoreCase })(v.join(''))).toBe(reference(folded(p), folded(v)));
      }),
      { seed: 26, numRuns: 1000 },
    );
  });

  test('property: anyWildcardMatcher is true exactly when some pattern matches (literal, prefix and general patterns mixed)', () => {
    const patterns = fc.array(
      fc.oneof(
        pattern,
        text.map((t) => [...t, '*']),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(patterns, text, fc.boolean(), (ps, v, ignoreCase) => {
        const folded = (s: string[]) => (ignoreCase ? s.map((c) => c.toLowerCase()) : s);
        const expected = ps.some((p) => reference(folded(p), folded(v)));
        expect(
          anyWildcardMatcher(
            ps.map((p) => p.join('')),
            { ignoreCase },
          )(v.join('')),
        ).toBe(expected);
      }),
      { seed: 26, numRuns: 1000 },
    );
  });
});
