import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';

/**
 * The SARIF 2.1.0 JSON schema (draft-04; its final form, 2.1.0-rtm.5), as the npm package
 * @microsoft/jest-sarif 1.0.0-beta.0 ships it (see fixtures/sarif/README.md), compiled by Ajv.
 */
const schema = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// Formats (`uri`, `date-time`) are not what this checks. The schema's `language` pattern has a stray
// `]` that is an error under the `u` flag Ajv uses by default, so its patterns compile without it.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

/** The schema's complaints about `log`, one line each; none for a valid SARIF 2.1.0 log. */
export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
