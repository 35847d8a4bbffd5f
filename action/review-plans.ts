import { findingLocator, uriOf } from '../cli/plan-review/finding-locations';
import { readPlanFiles } from '../cli/plan-review/plan-files';
import { exitCodeFor, FailOn } from '../cli/plan-review/render-markdown';
import { renderSarif } from '../cli/plan-review/render-sarif';
import { reviewPlan } from '../cli/plan-review/review-plan';
import { packageVersion } from '../cli/package-version';
import { reviewComment, reviewMarkdown } from './comment-body';
import { InputError } from './inputs';

/** What the action reports of the plans it reviewed. */
export interface PlansReview {
  /** The whole review, for the job summary. */
  readonly markdown: string;
  /** The review as the pull-request comment: cut to fit GitHub's limit when it is longer. */
  readonly comment: string;
  readonly sarif: string;
  /** 0 nothing fail-on refuses, 1 findings per fail-on (as `plan-review --fail-on`). */
  readonly exitCode: number;
}

/**
 * Reviews plan files (paths relative to `cwd`, the repository root) with their configurations
 * (none, one for all, or one per plan), as `plan-review PLAN... --config PATH...` does.
 */
export async function reviewPlans(plans: readonly string[], configs: readonly string[], failOn: FailOn, commentKey: string, cwd: string): Promise<PlansReview> {
  if (configs.length > 1 && configs.length !== plans.length) {
    throw new InputError(`input 'config' must name one configuration for all plans or one per plan: ${plans.length} plans, ${configs.length} configurations`);
  }
  const reviews = (await readPlanFiles(plans, configs, cwd)).map((p) => ({ ...p, review: reviewPlan(p.plan, p.config) }));
  return {
    markdown: reviewMarkdown(reviews, commentKey),
    comment: reviewComment(reviews, commentKey),
    sarif: renderSarif(
      reviews.map((r) => ({ review: r.review, locate: findingLocator(r.planFile, r.configPath, cwd), root: uriOf(r.configPath ?? r.planFile, cwd) })),
      packageVersion(),
    ),
    exitCode: Math.max(0, ...reviews.map(({ review }) => exitCodeFor(review, failOn))),
  };
}
