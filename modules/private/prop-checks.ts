import { Token } from '../toolchain';
import { RESERVED_TAG_PREFIX, TagRules } from '../aws/tags';

/*
 * Checks of construct props as a JavaScript caller may pass them: the wrong type, an empty or
 * too long string, a number out of range. Each returns the literal value to check further, or
 * undefined when the prop is absent or an unresolved token (its value is known only at plan).
 * Errors name the prop, state the rule and echo the value.
 */

/** A value as error messages echo it: its JavaScript type, then the value itself. */
export function described(value: unknown): string {
  if (typeof value === 'string') return `string '${value}'`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `array ${JSON.stringify(value)}`;
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    return name && name !== 'Object' ? `an instance of ${name}` : `object ${JSON.stringify(value)}`;
  }
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  // What is left is a number, boolean, bigint or symbol: each prints itself.
  const primitive = value as number | boolean | bigint | symbol;
  return `${typeof primitive} ${primitive.toString()}`;
}

function literal<T>(value: T | undefined): value is T {
  return value !== undefined && !Token.isUnresolved(value);
}

export function literalString(prop: string, value: unknown, limits: { readonly min?: number; readonly max?: number } = {}): string | undefined {
  if (!literal(value)) return undefined;
  if (typeof value !== 'string') throw new Error(`'${prop}' must be a string, got ${described(value)}`);
  if (limits.min !== undefined && value.length < limits.min) {
    throw new Error(`'${prop}' must be at least ${limits.min} character${limits.min === 1 ? '' : 's'} when given, got '${value}'`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw new Error(`'${prop}' must be at most ${limits.max} characters, got ${value.length}`);
  }
  return value;
}

export function literalBoolean(prop: string, value: unknown): boolean | undefined {
  if (!literal(value)) return undefined;
  if (typeof value !== 'boolean') throw new Error(`'${prop}' must be a boolean, got ${described(value)}`);
  return value;
}

/** A whole number from `min` to `max`; `unit` words the rule ("a whole number of days"). */
export function literalInteger(prop: string, value: unknown, min: number, max: number, unit = 'a whole number'): number | undefined {
  if (!literal(value)) return undefined;
  if (typeof value !== 'number') throw new Error(`'${prop}' must be ${unit} between ${min} and ${max}, got ${described(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`'${prop}' must be ${unit} between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export function literalOneOf(prop: string, value: unknown, allowed: readonly string[]): string | undefined {
  const text = literalString(prop, value);
  if (text !== undefined && !allowed.includes(text)) {
    throw new Error(`'${prop}' must be one of ${allowed.join(' | ')}, got '${text}'`);
  }
  return text;
}

export function checkTags(prop: string, tags: unknown, rules: TagRules): void {
  if (!literal(tags)) return;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    throw new Error(`'${prop}' must be a map of strings, got ${described(tags)}`);
  }
  const entries = Object.entries(tags);
  if (entries.length > rules.maxTags) throw new Error(`'${prop}' must hold at most ${rules.maxTags} tags, got ${entries.length}`);
  for (const [key, value] of entries) {
    if (!Token.isUnresolved(key)) {
      if (key.length < 1 || key.length > rules.maxKeyLength) {
        throw new Error(`'${prop}' keys must be 1 to ${rules.maxKeyLength} characters, got '${key}' (${key.length})`);
      }
      if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        throw new Error(`'${prop}' keys must not start with '${RESERVED_TAG_PREFIX}' (reserved for AWS), got '${key}'`);
      }
      if (rules.characters && !rules.characters.pattern.test(key)) {
        throw new Error(`'${prop}' keys must hold only ${rules.characters.words}, got '${key}'`);
      }
    }
    const text = literalString(`${prop}.${key}`, value, { max: rules.maxValueLength });
    if (text !== undefined && rules.characters && text !== '' && !rules.characters.pattern.test(text)) {
      throw new Error(`'${prop}.${key}' must hold only ${rules.characters.words}, got '${text}'`);
    }
  }
}
