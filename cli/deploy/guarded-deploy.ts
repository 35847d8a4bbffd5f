import { SynthesizedStack } from '../../terraform-runner/cdktf-app';
import { PLAN_FILE, planStack } from '../../terraform-runner/stack-plan';
import { Finding, KEY_DELETION_RULES, PlanReview } from '../plan-review/findings';
import { renderMarkdown } from '../plan-review/render-markdown';
import { reviewPlan, SynthesizedConfig } from '../plan-review/review-plan';

export interface GuardedDeployOptions {
  /** Let a reviewed plan delete a key (rules `key-deletion`, `key-unprotected`). @default false */
  readonly allowKeyDeletion?: boolean;
  /** Environment for terraform (credentials, endpoints). @default - this process's */
  readonly env?: NodeJS.ProcessEnv;
  /** Where progress and the review go. */
  readonly log: (text: string) => void;
}

export interface GuardedDeployResult {
  /** `refused`: the review holds blocking findings; nothing was applied. */
  readonly outcome: 'applied' | 'no-changes' | 'refused';
  readonly review: PlanReview;
  /** The blocking findings that refused the plan (empty unless refused). */
  readonly refusedBy: readonly Finding[];
}

/** Blocking findings that stop a deploy; key deletion ones only without the explicit opt-in. */
export function refusingFindings(review: PlanReview, allowKeyDeletion: boolean): Finding[] {
  return review.findings.filter((f) => f.severity === 'blocking' && !(allowKeyDeletion && KEY_DELETION_RULES.includes(f.rule)));
}

/**
 * Plans a synthesized stack into a plan file, reviews that plan, and applies exactly that file
 * only when the review holds nothing blocking: unlike `cdktf deploy`, a plan that deletes a key
 * is never applied by surprise, whatever took the key out of the configuration.
 */
export async function guardedDeploy(stack: SynthesizedStack, options: GuardedDeployOptions): Promise<GuardedDeployResult> {
  options.log(`Planning stack ${stack.name} (terraform plan)...`);
  const { terraform, changes, plan, config } = await planStack(stack, options.env);
  const review = reviewPlan(plan, config as SynthesizedConfig);
  options.log(renderMarkdown(review));
  if (!changes) return { outcome: 'no-changes', review, refusedBy: [] };

  const refusedBy = refusingFindings(review, options.allowKeyDeletion ?? false);
  if (refusedBy.length > 0) return { outcome: 'refused', review, refusedBy };
  options.log('Applying the reviewed plan (terraform apply)...');
  await terraform.apply(PLAN_FILE, { progress: (line) => options.log(`  ${line}`) });
  return { outcome: 'applied', review, refusedBy: [] };
}
