import { fitComment } from '../cli/plan-review/fit-comment';
import { PlanReview } from '../cli/plan-review/findings';
import { renderMarkdown } from '../cli/plan-review/render-markdown';

/** One reviewed plan, with the title (its file) it is shown under. */
export interface TitledReview {
  readonly title: string;
  readonly review: PlanReview;
}

/**
 * Each plan is titled by its file when there are several, or when a comment key sets this
 * review apart from others on the same pull request.
 */
function titled(reviews: readonly TitledReview[], commentKey: string) {
  const withTitles = reviews.length > 1 || commentKey !== '';
  return reviews.map(({ title, review }) => ({ review, title: withTitles ? title : undefined }));
}

/** The whole review's markdown, for the job summary. */
export function reviewMarkdown(reviews: readonly TitledReview[], commentKey: string): string {
  return titled(reviews, commentKey)
    .map(({ title, review }) => renderMarkdown(review, title))
    .join('\n');
}

/**
 * The pull-request comment: the whole review when it fits, otherwise plan review's cut (summaries,
 * blocking findings first, a pointer to the job summary and SARIF), well inside GitHub's limit
 * with the sticky comment's marker line.
 */
export function reviewComment(reviews: readonly TitledReview[], commentKey: string): string {
  return fitComment(titled(reviews, commentKey));
}

/**
 * What the summary and comment say when there is no review (bad input or a failure, exit 2): the
 * reason goes to the job log only, as it may quote the plan's own text.
 */
export function failedReviewMarkdown(exitCode: number): string {
  return `**kms-anomaly-detector plan review failed** (exit ${exitCode}): see the job log.\n`;
}
