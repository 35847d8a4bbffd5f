import { PlanReview } from '../cli/plan-review/findings';
import { renderMarkdown } from '../cli/plan-review/render-markdown';

/** One reviewed plan, with the title (its file) it is shown under. */
export interface TitledReview {
  readonly title: string;
  readonly review: PlanReview;
}

/**
 * The review's markdown, for the job summary and the pull-request comment: the one place the
 * action calls plan review's markdown renderer, so the cut that fits a review into GitHub's
 * comment limit (GITHUB_COMMENT_LIMIT, 65,536 characters with the marker line) goes here; until
 * then a longer review fails the comment step. Each plan is titled by its file when there are
 * several, or when a comment key sets this review apart from others on the same pull request.
 */
export function reviewMarkdown(reviews: readonly TitledReview[], commentKey: string): string {
  const titled = reviews.length > 1 || commentKey !== '';
  return reviews.map(({ title, review }) => renderMarkdown(review, titled ? title : undefined)).join('\n');
}

/**
 * What the summary and comment say when there is no review (bad input or a failure, exit 2): the
 * reason goes to the job log only, as it may quote the plan's own text.
 */
export function failedReviewMarkdown(exitCode: number): string {
  return `**kms-anomaly-detector plan review failed** (exit ${exitCode}): see the job log.\n`;
}
