/**
 * IAM's wildcards: `*` any run of characters (line breaks and colons included), `?` exactly one;
 * everything else literal. Policy text is someone else's input (a pull request's plan, a live
 * account's key policy), so this never builds a RegExp from it: one pass with a single
 * backtrack point, O(pattern × value) at worst, linear on every pattern with one `*`.
 */

export interface WildcardOptions {
  /** Compare without case, as IAM does for actions. @default false */
  readonly ignoreCase?: boolean;
}

/** Characters by code point, not UTF-16 unit: `?` stands for one character, as IAM's does. */
const SURROGATE = /[\uD800-\uDFFF]/;
const characters = (s: string): ArrayLike<string> => (SURROGATE.test(s) ? Array.from(s) : s);

function matches(p: ArrayLike<string>, v: ArrayLike<string>): boolean {
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      // Later stars subsume earlier ones: only the last star's position need be retried.
      star = pi++;
      resume = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * The pattern prepared once, for a policy read once and asked many questions: a pattern
 * without wildcards is an equality, one ending in its only `*` a prefix test.
 */
export function wildcardMatcher(pattern: string, options: WildcardOptions = {}): (value: string) => boolean {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  const folded = fold(pattern);
  const star = folded.indexOf('*');
  if (!folded.includes('?') && star < 0) return (value) => fold(value) === folded;
  if (!folded.includes('?') && star === folded.length - 1) {
    const prefix = folded.slice(0, -1);
    return (value) => fold(value).startsWith(prefix);
  }
  const p = characters(folded);
  return (value) => matches(p, characters(fold(value)));
}

/** Whether `value` matches the IAM wildcard `pattern`. */
export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  return wildcardMatcher(pattern, options)(value);
}
