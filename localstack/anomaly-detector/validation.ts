import { InvalidParameterException, SerializationException } from './errors';
import { Shape, StructureShape } from './model';

export type Json = Record<string, unknown>;

/**
 * Checks a request body against its model shape the way AWS's request validation does: every
 * broken constraint becomes one entry of an InvalidParameterException reading
 * "2 validation errors detected: Value 'X' at 'member' failed to satisfy constraint: ...; ...".
 * A member of the wrong JSON type is a SerializationException, as in the JSON protocol.
 * Members the model does not know are ignored, as AWS ignores them.
 */
export function validateRequest(body: unknown, shape: StructureShape): Json {
  if (!isObject(body)) throw new SerializationException('The request body must be a JSON object.');
  const violations: string[] = [];
  checkStructure(body, shape, '', violations);
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
    throw new InvalidParameterException(`${count} detected: ${violations.join('; ')}`);
  }
  return body;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkStructure(value: Json, shape: StructureShape, prefix: string, violations: string[]): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const path = `${prefix}${name}`;
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) {
      if (shape.required?.includes(name)) violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    for (const constraint of brokenConstraints(memberValue, member, path, violations)) {
      violations.push(`Value '${javaString(memberValue)}' at '${path}' failed to satisfy constraint: ${constraint}`);
    }
  }
}

/** The constraint texts `value` breaks; nested structures report their own members to `violations`. */
function brokenConstraints(value: unknown, shape: Shape, path: string, violations: string[]): string[] {
  switch (shape.type) {
    case 'string':
      return stringConstraints(expectType(value, 'string', path), shape);
    case 'integer':
    case 'long':
      return rangeConstraints(expectInteger(value, shape.type, path), shape);
    case 'boolean':
      expectType(value, 'boolean', path);
      return [];
    case 'list': {
      if (!Array.isArray(value)) throw wrongType(path, 'a list', value);
      const inner = [...new Set(value.flatMap((item, i) => brokenConstraints(item, shape.member, `${path}.${i + 1}.member`, violations)))];
      return [...lengthConstraints(value.length, shape), ...(inner.length ? [`Member must satisfy constraint: [${inner.join(', ')}]`] : [])];
    }
    case 'map': {
      if (!isObject(value)) throw wrongType(path, 'a map', value);
      const entries = Object.entries(value);
      const keys = [...new Set(entries.flatMap(([k]) => brokenConstraints(k, shape.key, path, violations)))];
      const values = [...new Set(entries.flatMap(([, v]) => brokenConstraints(v, shape.value, path, violations)))];
      return [
        ...lengthConstraints(entries.length, shape),
        ...(keys.length ? [`Map keys must satisfy constraint: [${keys.join(', ')}]`] : []),
        ...(values.length ? [`Map value must satisfy constraint: [${values.join(', ')}]`] : []),
      ];
    }
    case 'structure':
      if (!isObject(value)) throw wrongType(path, 'a structure', value);
      checkStructure(value, shape, `${path}.`, violations);
      return [];
  }
}

function stringConstraints(value: string, shape: Extract<Shape, { type: 'string' }>): string[] {
  const broken = lengthConstraints(value.length, shape);
  if (shape.pattern !== undefined && !compiled(shape.pattern).test(value)) {
    broken.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    broken.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  return broken;
}

function lengthConstraints(length: number, shape: { readonly min?: number; readonly max?: number }): string[] {
  const broken: string[] = [];
  if (shape.min !== undefined && length < shape.min) broken.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) broken.push(`Member must have length less than or equal to ${shape.max}`);
  return broken;
}

function rangeConstraints(value: number, shape: { readonly min?: number; readonly max?: number }): string[] {
  const broken: string[] = [];
  if (shape.min !== undefined && value < shape.min) broken.push(`Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) broken.push(`Member must have value less than or equal to ${shape.max}`);
  return broken;
}

const patterns = new Map<string, RegExp>();

/** The model's patterns are Java regular expressions matched against the whole value. */
function compiled(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (!regExp) {
    regExp = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, regExp);
  }
  return regExp;
}

function expectType<T extends 'string' | 'boolean'>(value: unknown, type: T, path: string): T extends 'string' ? string : boolean {
  if (typeof value !== type) throw wrongType(path, `a ${type}`, value);
  return value as T extends 'string' ? string : boolean;
}

/** Java's int and long bounds: a number beyond them does not deserialize, whatever the model's range. */
const INTEGER_BOUNDS = { integer: 2 ** 31 - 1, long: Number.MAX_SAFE_INTEGER } as const;

function expectInteger(value: unknown, type: keyof typeof INTEGER_BOUNDS, path: string): number {
  const bound = INTEGER_BOUNDS[type];
  if (typeof value !== 'number' || !Number.isInteger(value) || value > bound || value < -bound - 1) {
    throw wrongType(path, type === 'integer' ? 'a 32-bit integer' : 'a 64-bit integer', value);
  }
  return value;
}

function wrongType(path: string, expected: string, value: unknown): SerializationException {
  return new SerializationException(`Value for '${path}' must be ${expected}, got ${JSON.stringify(value)}`);
}

/** Values as AWS's (Java) validation prints them: `[a, b]` for lists, `{k=v}` for maps. */
function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (isObject(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaString(v)}`)
      .join(', ')}}`;
  return String(value);
}
