/**
 * The one way text that someone else controls (a plan's addresses, names and tags, a live key's
 * ARN, a policy's Sid or condition value, an error message quoting them) reaches markdown that a
 * person reads: the plan review, the audit, the job summary, the pull-request comment.
 *
 * The value becomes a code span, so nothing in it is markdown or HTML (no link, image, heading,
 * emphasis, tag, comment or entity), and GitHub neither autolinks nor mentions inside code. The
 * fence is one backtick longer than the longest run inside; line breaks, other control
 * characters and characters that change how text displays (bidirectional controls, zero-width
 * characters, other invisible format characters) are shown as visible escapes; a value longer
 * than its cap ends in an ellipsis.
 */

/** A value longer than this (after escapes are made visible) is cut, ending in an ellipsis: longer than any real ARN or address. */
export const MAX_UNTRUSTED_VALUE_LENGTH = 600;
/** The cap for sentences that quote several values (finding messages). */
export const MAX_UNTRUSTED_MESSAGE_LENGTH = 2000;
export const ELLIPSIS = '…';

export interface UntrustedOptions {
  /** Cap in characters as displayed. @default MAX_UNTRUSTED_VALUE_LENGTH */
  readonly maxLength?: number;
  /**
   * The value goes in a GFM table cell, where a `|` ends the cell even inside a code span: each
   * `|` is shown as a visible escape (a backslash before it would not hold, since `\\|` still
   * ends the cell).
   * @default false
   */
  readonly tableCell?: boolean;
}

const NAMED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** Control (Cc), format (Cf: bidirectional controls, zero-width characters, soft hyphen, tags), lone surrogates (Cs), line and paragraph separators. */
const INVISIBLE_CATEGORIES = /^[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]$/u;
/** Letters and marks that display as nothing: combining grapheme joiner, Hangul fillers, Khmer inherent vowels, braille blank. */
const BLANK_CODE_POINTS: ReadonlySet<number> = new Set([0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x2800, 0x3164, 0xffa0]);
const isVariationSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);

const isInvisible = (char: string, cp: number) => INVISIBLE_CATEGORIES.test(char) || BLANK_CODE_POINTS.has(cp) || isVariationSelector(cp);

/** One character as a reader should see it: itself, or a visible escape. */
function displayed(char: string, tableCell: boolean): string {
  if (tableCell && char === '|') return '\\u{7C}';
  const named = NAMED_ESCAPES.get(char);
  if (named !== undefined) return named;
  const cp = char.codePointAt(0)!;
  if (isInvisible(char, cp)) return `\\u{${cp.toString(16).toUpperCase()}}`;
  return char;
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char === '`' ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * `value` as inert GitHub-flavoured markdown: a code span showing the value (escapes made
 * visible, cut to `maxLength` with an ellipsis). The empty string renders as nothing.
 */
export function untrustedMarkdown(value: string, options: UntrustedOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_UNTRUSTED_VALUE_LENGTH;
  let shown = '';
  let length = 0;
  // Code points, so a cut never splits a surrogate pair or an escape; the loop stops at the cap, so a huge value costs only the cap.
  for (const char of value) {
    const unit = displayed(char, options.tableCell === true);
    if (length + unit.length > maxLength) {
      shown += ELLIPSIS;
      break;
    }
    shown += unit;
    length += unit.length;
  }
  if (shown === '') return '';
  const fence = '`'.repeat(longestBacktickRun(shown) + 1);
  // CommonMark strips one space from each end when both ends have one; a backtick at an end would join the fence.
  const pad = shown.startsWith('`') || shown.endsWith('`') || (shown.startsWith(' ') && shown.endsWith(' ') && shown.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}
