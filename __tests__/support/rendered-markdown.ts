/**
 * Markdown as a CommonMark/GFM renderer (markdown-it, with raw HTML on and GFM autolinks, as
 * GitHub has them) reads it: the tests assert on its tokens and visible text, not on substrings
 * of the markdown we wrote.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt('default', { html: true, linkify: true });

/** Every token, block and inline, in document order. */
export function markdownTokens(markdown: string): MarkdownIt.Token[] {
  return renderer.parse(markdown, {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

export const renderHtml = (markdown: string): string => renderer.render(markdown);

/** Token types that carry an element we never write for untrusted text: links, images, raw HTML. */
export const FOREIGN_TYPES = ['link_open', 'image', 'html_inline', 'html_block'];

/** The text a reader sees: text and code contents, concatenated. */
export function visibleText(markdown: string): string {
  return markdownTokens(markdown)
    .filter((t) => t.type === 'text' || t.type === 'code_inline' || t.type === 'softbreak')
    .map((t) => (t.type === 'softbreak' ? '\n' : t.content))
    .join('');
}

/** `@name` in text outside code, where GitHub would mention someone. */
export function mentionsOutsideCode(markdown: string): string[] {
  return markdownTokens(markdown)
    .filter((t) => t.type === 'text')
    .flatMap((t) => Array.from(t.content.matchAll(/(?:^|[^\w`])@[A-Za-z0-9][\w-]*/g), (m) => m[0]));
}

/** The headings' visible texts, in order. */
export function headings(markdown: string): string[] {
  const tokens = renderer.parse(markdown, {});
  return tokens.flatMap((t, i) =>
    t.type === 'heading_open' ? [(tokens[i + 1].children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('')] : [],
  );
}
