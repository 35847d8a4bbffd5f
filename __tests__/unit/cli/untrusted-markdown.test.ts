import fc from 'fast-check';
import { ELLIPSIS, MAX_UNTRUSTED_VALUE_LENGTH, untrustedMarkdown } from '../../../cli/untrusted-markdown';
import { FOREIGN_TYPES, markdownTokens, mentionsOutsideCode, visibleText } from '../../support/rendered-markdown';
import { BREAKOUT_KEY, VERDICT_SID } from '../../support/hostile-corpus';

/** Inside a list item, as plan review writes a finding. */
const item = (value: string) => `- finding: ${untrustedMarkdown(value)} end\n`;
const typesOf = (markdown: string) => markdownTokens(markdown).map((t) => t.type);

describe('untrustedMarkdown', () => {
  test.each([
    ['the issue’s for_each key', BREAKOUT_KEY],
    ['a Sid opening a heading and an HTML comment', VERDICT_SID],
    ['a closing tag and an image', '</details><img src=x onerror=alert(1)>'],
    ['a link and an autolink', '[ok](https://attacker.example) https://attacker.example www.attacker.example'],
    ['emphasis, an entity and a heading', '**bold** &amp; _x_\n# heading'],
    ['backtick runs of every length', 'a`b``c```d````e'],
    ['backticks at both ends', '`x`'],
    ['a mention of a team', '@acme/security-team please approve'],
  ])('%s renders as one code span showing the value', (_, value) => {
    const markdown = item(value);
    const tokens = markdownTokens(markdown);
    expect(
      tokens.filter((t) => FOREIGN_TYPES.includes(t.type) || t.type.startsWith('heading') || t.type.startsWith('em') || t.type.startsWith('strong')),
    ).toEqual([]);
    expect(tokens.filter((t) => t.type === 'code_inline').map((t) => t.content)).toEqual([value.replace(/\n/g, '\\n')]);
    expect(mentionsOutsideCode(markdown)).toEqual([]);
  });

  test.each([
    ['line breaks', 'a\nb\r\nc\td', 'a\\nb\\r\\nc\\td'],
    ['a right-to-left override', 'evil\u202Etxt.exe', 'evil\\u{202E}txt.exe'],
    ['bidirectional isolates and marks', '\u2066x\u2069\u200F', '\\u{2066}x\\u{2069}\\u{200F}'],
    ['zero-width characters and a byte-order mark', 'a\u200Bb\u200Dc\uFEFF', 'a\\u{200B}b\\u{200D}c\\u{FEFF}'],
    ['a Hangul filler and a tag character', '\u3164\u{E0041}', '\\u{3164}\\u{E0041}'],
    ['NUL and DEL', '\u0000\u007F', '\\u{0}\\u{7F}'],
    ['a lone surrogate', 'a\uD800b', 'a\\u{D800}b'],
  ])('%s are shown as visible escapes', (_, value, shown) => {
    expect(visibleText(item(value))).toBe(`finding: ${shown} end`);
  });

  test('a long value is cut to the cap and ends in an ellipsis', () => {
    const shown = visibleText(untrustedMarkdown('x'.repeat(66_000)));
    expect(shown).toBe(`${'x'.repeat(MAX_UNTRUSTED_VALUE_LENGTH)}${ELLIPSIS}`);
    expect(visibleText(untrustedMarkdown('é'.repeat(20), { maxLength: 10 }))).toBe(`${'é'.repeat(10)}${ELLIPSIS}`);
  });

  test('a cut never splits an escape', () => {
    expect(visibleText(untrustedMarkdown('ab\u202E', { maxLength: 5 }))).toBe(`ab${ELLIPSIS}`);
  });

  test('in a table cell a | cannot end the cell', () => {
    const markdown = `| a | b |\n| --- | --- |\n| ${untrustedMarkdown('x | y \\| z', { tableCell: true })} | second |\n`;
    const cells = markdownTokens(markdown)
      .filter((t) => t.type === 'inline')
      .map((t) => t.content);
    expect(cells).toHaveLength(4);
    expect(visibleText(markdown)).toBe('abx \\u{7C} y \\\\u{7C} zsecond');
  });

  test('the empty string renders as nothing', () => {
    expect(untrustedMarkdown('')).toBe('');
  });

  // The alphabet holds every character that means something to markdown or HTML, and spaces at the ends.
  const hostileText = fc.string({
    unit: fc.constantFrom(...Array.from('`*_[]()<>!#&;@|\\~-+=:/. aZ0é😀')),
    maxLength: 40,
  });

  test('property: the visible text of an escaped value equals the value', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const markdown = item(value);
        expect(visibleText(markdown)).toBe(value === '' ? 'finding:  end' : `finding: ${value} end`);
        expect(typesOf(markdown).filter((t) => FOREIGN_TYPES.includes(t))).toEqual([]);
        expect(mentionsOutsideCode(markdown)).toEqual([]);
      }),
      { seed: 26, numRuns: 500 },
    );
  });

  test('property: in a table cell the row keeps its cells, and the cell shows the value with | as an escape', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const markdown = `| a | b |\n| --- | --- |\n| ${untrustedMarkdown(value, { tableCell: true })} | end |\n`;
        const tokens = markdownTokens(markdown);
        expect(tokens.filter((t) => t.type === 'td_open')).toHaveLength(2);
        expect(visibleText(markdown)).toBe(`ab${value.replace(/\|/g, '\\u{7C}')}end`);
      }),
      { seed: 26, numRuns: 500 },
    );
  });
});
