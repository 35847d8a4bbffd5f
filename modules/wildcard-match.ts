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

/**
 * Whether a value matches any of many patterns, as a policy naming hundreds of accounts asks
 * for each account it names: literal patterns are one set lookup, patterns whose only wildcard
 * is a trailing `*` one lookup per distinct prefix length, the rest matched one by one.
 */
export function anyWildcardMatcher(patterns: readonly string[], options: WildcardOptions = {}): (value: string) => boolean {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  const literals = new Set<string>();
  const prefixes = new Map<number, Set<string>>();
  const others: Array<(value: string) => boolean> = [];
  for (const pattern of patterns.map(fold)) {
    const star = pattern.indexOf('*');
    if (pattern.includes('?') || (star >= 0 && star !== pattern.length - 1)) others.push(wildcardMatcher(pattern));
    else if (star < 0) literals.add(pattern);
    else prefixes.set(star, (prefixes.get(star) ?? new Set<string>()).add(pattern.slice(0, -1)));
  }
  const prefixLengths = [...prefixes.entries()];
  return (value) => {
    const folded = fold(value);
    return (
      literals.has(folded) ||
      prefixLengths.some(([length, set]) => folded.length >= length && set.has(folded.slice(0, length))) ||
      others.some((matches) => matches(folded))
    );
  };
}
