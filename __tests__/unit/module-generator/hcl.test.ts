import { hclString, unanchoredSource } from '../../../module-generator/hcl';

describe('hclString', () => {
  test('escapes quotes and backslashes as JSON does, and doubles template openers', () => {
    expect(hclString('a "b" \\d ${x} %{y}')).toBe('"a \\"b\\" \\\\d $${x} %%{y}"');
  });
});

describe('unanchoredSource', () => {
  test('drops the anchors', () => {
    expect(unanchoredSource(/^key\/[0-9a-f]+$/)).toBe('key\\/[0-9a-f]+');
  });

  test('refuses a pattern without both anchors', () => {
    expect(() => unanchoredSource(/^key/)).toThrow("Expected a pattern anchored with '^' and '$', got /^key/");
  });
});
