import { Finding, PlanReview, Severity } from './findings';
import { findingItem, HEADINGS, renderMarkdown, summaryLines } from './render-markdown';

/** GitHub refuses an issue or pull-request comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What a comment is cut to: well inside GitHub's limit, leaving room for what a poster adds (a sticky comment's marker). */
export const COMMENT_TARGET_LENGTH = 60_000;

/** One plan's review, with the title plan review prints when there are several. */
export interface TitledReview {
  readonly review: PlanReview;
  readonly title?: string;
}

const SEVERITIES: readonly Severity[] = ['blocking', 'warning', 'info'];
/** Room kept for the note saying the comment is cut, and the last line naming plans left out. */
const NOTE_ROOM = 600;
/** Room kept in each review for a heading and an "and N more" line per severity. */
const PER_REVIEW_ROOM = SEVERITIES.length * 150;

const cutNote = (shown: number, total: number) =>
  `> **This review is cut to fit a pull-request comment: ${shown} of ${total} findings shown, blocking first.** ` +
  'The full review is in the job summary of this workflow run and in the SARIF log (code scanning), when the workflow uploads one.';

const more = (count: number, severity: Severity) => `- … and ${count} more ${severity === 'info' ? 'notes' : `${severity} findings`}, in the full review`;

/**
 * The pull-request comment for plan reviews: their full markdown when it fits in `target`
 * characters (UTF-16 units, never fewer than GitHub counts); otherwise each review's summary,
 * then as many findings as fit, blocking ones first, and a note pointing to the full review in
 * the job summary and the SARIF log. Whole lines are dropped, never cut, so no code span is left
 * open around untrusted text.
 */
export function fitComment(reviews: readonly TitledReview[], target: number = COMMENT_TARGET_LENGTH): string {
  const full = reviews.map(({ review, title }) => renderMarkdown(review, title)).join('\n');
  if (full.length <= target) return full;

  let budget = target - NOTE_ROOM;
  const summaries: string[][] = [];
  for (const { review, title } of reviews) {
    const lines = summaryLines(review, title);
    const length = lines.join('\n').length + 2 + PER_REVIEW_ROOM;
    if (length > budget) break;
    summaries.push(lines);
    budget -= length;
  }
  // Findings chosen severity by severity across every review, so a later stack's blocking finding beats an earlier one's warning.
  const shown = reviews.map(() => new Map<Severity, string[]>(SEVERITIES.map((s) => [s, []])));
  for (const severity of SEVERITIES) {
    summaries.forEach((_, r) => {
      for (const finding of reviews[r].review.findings.filter((f: Finding) => f.severity === severity)) {
        const item = findingItem(finding);
        const length = item.length + 1;
        if (length > budget) return;
        shown[r].get(severity)!.push(item);
        budget -= length;
      }
    });
  }

  const total = reviews.reduce((n, { review }) => n + review.findings.length, 0);
  const shownCount = shown.reduce((n, bySeverity) => n + [...bySeverity.values()].reduce((m, items) => m + items.length, 0), 0);
  const lines = [cutNote(shownCount, total), ''];
  summaries.forEach((summary, r) => {
    lines.push(...summary);
    for (const severity of SEVERITIES) {
      const items = shown[r].get(severity)!;
      const hidden = reviews[r].review.findings.filter((f) => f.severity === severity).length - items.length;
      if (items.length === 0 && hidden === 0) continue;
      lines.push('', `### ${HEADINGS[severity]}`, '', ...items);
      if (hidden > 0) lines.push(more(hidden, severity));
    }
    lines.push('');
  });
  if (summaries.length < reviews.length) lines.push(`> … and ${reviews.length - summaries.length} more plans, in the full review.`);
  const comment = lines.join('\n') + '\n';
  if (comment.length > target) throw new Error(`fitComment: ${comment.length} characters, over its target ${target}`);
  return comment;
}
