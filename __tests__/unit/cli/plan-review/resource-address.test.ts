import fc from 'fast-check';
import { InstanceKey, parseResourceAddress, ResourceAddress } from '../../../../cli/plan-review/resource-address';

describe('parseResourceAddress', () => {
  test.each<[string, ResourceAddress]>([
    ['aws_kms_key.main', { modules: [], mode: 'managed', type: 'aws_kms_key', name: 'main', key: undefined }],
    ['aws_kms_key.main[0]', { modules: [], mode: 'managed', type: 'aws_kms_key', name: 'main', key: 0 }],
    ['data.aws_iam_policy_document.d', { modules: [], mode: 'data', type: 'aws_iam_policy_document', name: 'd', key: undefined }],
    [
      'module.a["x"].module.b[2].aws_kms_key.k-1["y"]',
      {
        modules: [
          { name: 'a', key: 'x' },
          { name: 'b', key: 2 },
        ],
        mode: 'managed',
        type: 'aws_kms_key',
        name: 'k-1',
        key: 'y',
      },
    ],
    ['aws_kms_key.k["a\\"b\\\\c\\n\\u00e9\\U0001F600"]', { modules: [], mode: 'managed', type: 'aws_kms_key', name: 'k', key: 'a"b\\c\né😀' }],
    // The misleading address: everything between the quotes is the key of aws_kms_key.evil.
    ['aws_kms_key.evil["]x.aws_iam_role.admin[0"]', { modules: [], mode: 'managed', type: 'aws_kms_key', name: 'evil', key: ']x.aws_iam_role.admin[0' }],
  ])('%s', (address, expected) => {
    expect(parseResourceAddress(address)).toEqual(expected);
  });

  test.each([
    'aws_kms_key',
    'aws_kms_key.',
    '.main',
    'aws_kms_key.main[',
    'aws_kms_key.main["x]',
    'aws_kms_key.main[x]',
    'aws_kms_key.main[0]x',
    'aws_kms_key.main["\\q"]',
    'aws_kms_key.main["\\u12"]',
    'module.m',
    'module.m.',
    '1type.name',
    'aws_kms_key.main' + '['.repeat(100_000),
  ])('%j is not an address', (address) => {
    expect(parseResourceAddress(address)).toBeUndefined();
  });

  // Terraform's documented grammar, written out as a generator: identifiers, indexes (numbers,
  // keys with any character, so escapes), module steps, data mode.
  const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/);
  const key: fc.Arbitrary<InstanceKey | undefined> = fc.oneof(fc.constant(undefined), fc.nat({ max: 999 }), fc.string({ maxLength: 12, unit: 'binary' }));
  const hclQuoted = (s: string) =>
    `"${Array.from(s, (c) => (c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c)).join('')}"`;
  const indexText = (k: InstanceKey | undefined) => (k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `[${hclQuoted(k)}]`);
  const address = fc.record({
    modules: fc.array(fc.record({ name: identifier, key }), { maxLength: 3 }),
    mode: fc.constantFrom('managed' as const, 'data' as const),
    type: identifier.filter((t) => t !== 'module' && t !== 'data'),
    name: identifier,
    key,
  });
  const written = (a: ResourceAddress) =>
    [...a.modules.map((m) => `module.${m.name}${indexText(m.key)}.`), a.mode === 'data' ? 'data.' : '', `${a.type}.${a.name}${indexText(a.key)}`].join('');

  test('property: an address written by the grammar parses back to its parts', () => {
    fc.assert(
      fc.property(address, (a) => {
        expect(parseResourceAddress(written(a))).toEqual(a);
      }),
      { seed: 26, numRuns: 1000 },
    );
  });
});
