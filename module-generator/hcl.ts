/**
 * Small helpers for writing Terraform expressions into JSON-syntax files, where a string
 * attribute is a template and `${...}` holds an expression.
 */

/** `${expression}`: an expression as a JSON-syntax attribute value. */
export function interpolation(expression: string): string {
  return `\${${expression}}`;
}

/**
 * An HCL quoted string literal. HCL shares JSON's escapes for quotes, backslashes and line
 * breaks; on top of that `${` and `%{` start templates and must be doubled.
 */
export function hclString(value: string): string {
  // Replacement functions, because '$$' in a replacement string means a single '$'.
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** The source of an anchored pattern without `^` and `$`, to embed in a longer pattern. */
export function unanchoredSource(pattern: RegExp): string {
  const { source } = pattern;
  if (!source.startsWith('^') || !source.endsWith('$')) {
    throw new Error(`Expected a pattern anchored with '^' and '$', got /${source}/`);
  }
  return source.slice(1, -1);
}
