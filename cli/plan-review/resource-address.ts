/**
 * Terraform resource addresses, read by their documented grammar ("Resource addressing" in the
 * Terraform CLI docs): `[module.NAME[INDEX] ...][data.]TYPE.NAME[INDEX]`, an index being a
 * number or a quoted string key with HCL's escapes. A plan's addresses carry `for_each` keys the
 * pull request's author chose, so this reads them in one pass, never with a RegExp over the
 * whole address, and a key that merely looks like another address stays a key.
 */

/** An instance key: a `count` index or a `for_each` key. */
export type InstanceKey = number | string;

export interface ModuleStep {
  readonly name: string;
  readonly key?: InstanceKey;
}

export interface ResourceAddress {
  readonly modules: readonly ModuleStep[];
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key?: InstanceKey;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

const isIdentifierStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentifierPart = (c: string) => isIdentifierStart(c) || (c >= '0' && c <= '9') || c === '-';
const isDigit = (c: string) => c >= '0' && c <= '9';

/** A cursor over the address; every read moves forward, so parsing is linear in its length. */
class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  peek(word: string): boolean {
    return this.text.startsWith(word, this.at);
  }

  take(word: string): boolean {
    if (!this.peek(word)) return false;
    this.at += word.length;
    return true;
  }

  identifier(): string | undefined {
    const start = this.at;
    if (!isIdentifierStart(this.text[this.at] ?? '')) return undefined;
    while (isIdentifierPart(this.text[this.at] ?? '')) this.at++;
    return this.text.slice(start, this.at);
  }

  /** `[0]` or `["key"]`; undefined (index absent) when no `[` follows; throws when malformed. */
  index(): InstanceKey | undefined {
    if (!this.take('[')) return undefined;
    const key = this.take('"') ? this.quoted() : this.number();
    if (!this.take(']')) throw new SyntaxError('an index must end in ]');
    return key;
  }

  private number(): number {
    const start = this.at;
    while (isDigit(this.text[this.at] ?? '')) this.at++;
    if (this.at === start) throw new SyntaxError('an index is a number or a quoted key');
    return Number(this.text.slice(start, this.at));
  }

  /** The rest of a quoted key, after its opening quote. */
  private quoted(): string {
    let key = '';
    for (;;) {
      const c = this.text[this.at++];
      if (c === undefined) throw new SyntaxError('a quoted key must end in "');
      if (c === '"') return key;
      if (c !== '\\') {
        key += c;
        continue;
      }
      const escaped = this.text[this.at++] ?? '';
      if (escaped in ESCAPES) key += ESCAPES[escaped];
      else if (escaped === 'u' || escaped === 'U') key += this.codePoint(escaped === 'u' ? 4 : 8);
      else throw new SyntaxError(`unknown escape in a quoted key`);
    }
  }

  private codePoint(digits: number): string {
    const hex = this.text.slice(this.at, this.at + digits);
    if (hex.length !== digits || ![...hex].every((c) => isDigit(c) || (c.toLowerCase() >= 'a' && c.toLowerCase() <= 'f'))) {
      throw new SyntaxError('a \\u escape takes 4 hex digits, \\U 8');
    }
    this.at += digits;
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) throw new SyntaxError('a \\U escape beyond Unicode');
    return String.fromCodePoint(cp);
  }
}

function parse(reader: Reader): ResourceAddress {
  const modules: ModuleStep[] = [];
  while (reader.take('module.')) {
    const name = reader.identifier();
    if (name === undefined) throw new SyntaxError('a module name must follow module.');
    modules.push({ name, key: reader.index() });
    if (!reader.take('.')) throw new SyntaxError('a resource must follow a module');
  }
  const mode = reader.take('data.') ? 'data' : 'managed';
  const type = reader.identifier();
  if (type === undefined || !reader.take('.')) throw new SyntaxError('a resource is TYPE.NAME');
  const name = reader.identifier();
  if (name === undefined) throw new SyntaxError('a resource is TYPE.NAME');
  const key = reader.index();
  if (!reader.done) throw new SyntaxError('nothing may follow the resource');
  return { modules, mode, type, name, key };
}

/** The parts of a resource address; undefined when it is not one. Linear in the address's length. */
export function parseResourceAddress(address: string): ResourceAddress | undefined {
  try {
    return parse(new Reader(address));
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}
