import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<T extends Options> = { args: string[]; options: T; strict: true; allowPositionals: true };
export type ParsedOptions<T extends Options> = ReturnType<typeof parseArgs<StrictConfig<T>>>;

/** `util.parseArgs`, strict, with its errors as UsageError naming the flag and the usage line. */
export function parseOptions<T extends Options>(argv: readonly string[], options: T, usage: string): ParsedOptions<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${usage}`);
  }
}

/** The value of a `--name=choice` option, checked against its choices. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${choices.join(' | ')}, got '${value}'`);
  return value as T;
}
