import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What the committed module README claims about the module's inputs, held to the committed
 * variables.tf.json (read as users get them, not through the generator) and to the constructs'
 * props as their sources declare them.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const MODULE = join(ROOT, 'terraform-module');
const readme = readFileSync(join(MODULE, 'README.md'), 'utf8');

interface Variable {
  readonly type: string;
  readonly default?: unknown;
}
const variablesOf = (folder: string) =>
  (JSON.parse(readFileSync(join(folder, 'variables.tf.json'), 'utf8')) as { variable: Record<string, Variable> }).variable;
const variables = variablesOf(MODULE);

/** A README table's rows as cells, code spans unwrapped. */
function table(section: string): string[][] {
  const body = readme.split(`\n## ${section}\n`)[1]?.split('\n## ')[0];
  if (body === undefined) throw new Error(`README has no section '${section}'`);
  return body
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((row) =>
      row
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.replace(/^`(.*)`$/, '$1')),
    );
}

/** The props a construct's props interface declares, read from its source. */
function propsOf(file: string, iface: string): string[] {
  const source = readFileSync(join(ROOT, 'modules', file), 'utf8');
  const body = source.split(`export interface ${iface} {`)[1].split('\n}\n')[0];
  return [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]);
}

describe("the module README's claims about its inputs", () => {
  test('the Inputs table is variables.tf.json: every variable, its type, default and whether it is required', () => {
    const rows = table('Inputs').map(([name, , type, defaultValue, required]) => [name, type, defaultValue, required]);
    const expected = Object.entries(variables).map(([name, v]) => [
      name,
      v.type,
      'default' in v ? JSON.stringify(v.default) : 'n/a',
      'default' in v ? 'no' : 'yes',
    ]);
    expect(rows).toEqual(expected);
  });

  test('the inputs this issue added are there', () => {
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['detector_accounts', 'key_rotation_period_in_days', 'additional_key_policy_statements', 'region']),
    );
  });

  test("every prop of both constructs is in the props table, in its construct's order, and nothing else", () => {
    const rows = table("Inputs and the constructs' props");
    const listed = (construct: string) => rows.filter(([c]) => c === construct).map(([, prop]) => prop);
    expect(listed('EncryptedLogAnomalyDetector')).toEqual(propsOf('encrypted-log-anomaly-detector.ts', 'EncryptedLogAnomalyDetectorProps'));
    expect(listed('AnomalyDetectorKey')).toEqual(propsOf('anomaly-detector-key.ts', 'AnomalyDetectorKeyProps'));
    expect(rows.filter(([c]) => c !== 'EncryptedLogAnomalyDetector' && c !== 'AnomalyDetectorKey')).toEqual([]);
  });

  test('every input the props table names is a variable, every variable is named there, and a prop without one says why', () => {
    const rows = table("Inputs and the constructs' props");
    const named = rows.map(([, , input]) => input).filter((input) => input !== 'none');
    for (const input of named) expect(Object.keys(variables)).toContain(input);
    expect(new Set(named)).toEqual(new Set(Object.keys(variables)));
    for (const [, prop, input, note] of rows) if (input === 'none') expect([prop, note]).toEqual([prop, expect.stringMatching(/\w/)]);
  });

  test('aws6/ takes the same inputs ("its inputs and outputs are the ones below"), only region described differently', () => {
    const aws6 = variablesOf(join(MODULE, 'aws6'));
    expect(Object.keys(aws6)).toEqual(Object.keys(variables));
    for (const [name, v] of Object.entries(aws6)) expect([name, v.type, v.default]).toEqual([name, variables[name].type, variables[name].default]);
  });

  test('the Resources table lists every resource and data source of main.tf.json', () => {
    const main = JSON.parse(readFileSync(join(MODULE, 'main.tf.json'), 'utf8')) as Record<'resource' | 'data', Record<string, object>>;
    const addresses = (blocks: Record<string, object>, prefix: string) =>
      Object.entries(blocks).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
    expect(table('Resources').map(([name, kind]) => [name.replace(/^\[(.*)\]\(.*\)$/, '$1'), kind])).toEqual([
      ...addresses(main.resource, '').map((a) => [a, 'resource']),
      ...addresses(main.data, 'data.').map((a) => [a, 'data source']),
    ]);
  });
});
