import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './run-command';

/** One fenced code block of a document users read. */
export interface DocSnippet {
  /** The document, relative to the checkout, and the block's first line there. */
  readonly file: string;
  readonly line: number;
  readonly language: string;
  readonly code: string;
}

/** Put on the line before a block that is deliberately partial: it is not checked. */
export const FRAGMENT_MARKER = '<!-- snippet: fragment -->';

/** README.md and every hand-written document under docs/ (docs/api/ is generated from checked declarations). */
export function userDocuments(): string[] {
  const docs = readdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md'))
    .map((d) => relative(PROJECT_ROOT, join(d.parentPath, d.name)))
    .filter((file) => !file.startsWith(join('docs', 'api')));
  return ['README.md', ...docs.sort()];
}

/** Every fenced block of the documents, fragments left out. */
export function docSnippets(files: readonly string[] = userDocuments()): DocSnippet[] {
  const snippets: DocSnippet[] = [];
  for (const file of files) {
    const lines = readFileSync(join(PROJECT_ROOT, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(\w*)\s*$/.exec(lines[i]);
      if (!open) continue;
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      if (end < 0) throw new Error(`${file}:${i + 1}: a code block is never closed`);
      if (lines[i - 1]?.trim() !== FRAGMENT_MARKER) {
        snippets.push({ file, line: i + 1, language: open[1], code: lines.slice(i + 1, end).join('\n') + '\n' });
      }
      i = end;
    }
  }
  return snippets;
}

/** Where a snippet came from, for messages. */
export const whereFrom = (s: DocSnippet) => `${s.file}:${s.line}`;
