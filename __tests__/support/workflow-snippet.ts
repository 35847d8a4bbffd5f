import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './run-command';

/** How the docs name this repository's action in `uses:`. */
export const ACTION_USES = /^kms-anomaly-detector\/kms-anomaly-detector@/;

/** The inputs action.yml declares: what a `with:` of the action may name. */
export function actionInputs(): Set<string> {
  const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs?: Record<string, unknown> };
  return new Set(Object.keys(action.inputs ?? {}));
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function stepProblems(step: unknown, at: string, inputs: ReadonlySet<string>): string[] {
  if (!isObject(step)) return [`${at} is not a mapping`];
  if ((step.uses === undefined) === (step.run === undefined)) return [`${at} must have either 'uses' or 'run'`];
  if (typeof step.uses !== 'string' || !ACTION_USES.test(step.uses)) return [];
  const given = isObject(step.with) ? Object.keys(step.with) : [];
  return given.filter((name) => !inputs.has(name)).map((name) => `${at} gives '${name}', which is not an input of action.yml`);
}

/**
 * What is wrong with a workflow, by the shape GitHub requires (triggers, jobs with a runner and
 * steps, each step running a command or using an action) and by this action's inputs. A fuller
 * workflow validator can take this function's place; the snippet test calls only it.
 */
export function workflowProblems(workflow: unknown, inputs: ReadonlySet<string>): string[] {
  if (!isObject(workflow)) return ['the workflow is not a mapping'];
  const problems: string[] = [];
  if (workflow.on === undefined) problems.push("no 'on' (what triggers the workflow)");
  if (!isObject(workflow.jobs) || Object.keys(workflow.jobs).length === 0) return [...problems, "no 'jobs'"];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!isObject(job)) {
      problems.push(`job '${id}' is not a mapping`);
      continue;
    }
    if (job['runs-on'] === undefined && job.uses === undefined) problems.push(`job '${id}' has no 'runs-on'`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`job '${id}' has no 'steps'`);
      continue;
    }
    job.steps.forEach((step: unknown, i) => problems.push(...stepProblems(step, `job '${id}' step ${i + 1}`, inputs)));
  }
  return problems;
}
