/**
 * IAM's wildcards: `*` any run of characters (line breaks and colons included), `?` exactly one;
 * everything else literal. Policy text is someone else's input (a pull request's plan, a live
 * account's key policy), so this never builds a RegExp from it: one pass with a single
 * backtrack point, O(pattern × value) at worst, linear on every pattern with one `*`.
 */
export function wildcardMatch(pattern: string, value: string, options: { readonly ignoreCase?: boolean } = {}): boolean {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  // Code points, not UTF-16 units: `?` stands for one character, as IAM's does.
  const p = Array.from(fold(pattern));
  const v = Array.from(fold(value));
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
