import { resolve } from 'node:path';
import { synthesizeApp } from '../../terraform-runner/cdktf-app';
import { planStack } from '../../terraform-runner/stack-plan';
import { Command } from '../command-io';
import { oneOf, parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';
import { packageVersion } from '../package-version';
import { findingLocator, uriOf } from './finding-locations';
import { fitComment } from './fit-comment';
import { readPlanFiles, ReviewedPlan } from './plan-files';
import { exitCodeFor, FAIL_ON, renderMarkdown } from './render-markdown';
import { renderSarif } from './render-sarif';
import { reviewPlan, SynthesizedConfig } from './review-plan';

const USAGE =
  'usage: kms-anomaly-detector plan-review [PLAN_JSON ...] [--config PATH ...] [--app-dir DIR] [--format markdown|comment|sarif] [--fail-on=blocking|replace|never]';

const HELP = `${USAGE}

Reviews Terraform plans for what they mean to CloudWatch Logs anomaly detectors and their KMS
keys, and prints GitHub-flavoured markdown: a summary line, a table per resource, then the
findings (each with a rule id), blocking ones first. --format sarif prints one SARIF 2.1.0 log
for GitHub code scanning instead: a result per finding, at the line of the configuration that
declares the resource (or the plan file, without --config); paths relative to the working directory.

  PLAN_JSON        terraform show -json of a saved plan; several for several stacks. None: the
                   cdktf app in --app-dir is synthesized and every stack planned with the
                   credentials in the environment.
  --config PATH    the configuration a plan came from, for what plan JSON leaves out
                   (prevent_destroy): a cdk.tf.json, a .tf.json file or a folder of .tf files.
                   One for all plans, or one per plan in the same order.
  --app-dir DIR    the cdktf app to plan when no PLAN_JSON is given (default: .)
  --format FORMAT  markdown (default); comment: the markdown cut to fit a pull-request comment
                   (summary and blocking findings first, a pointer to the job summary and SARIF);
                   sarif
  --fail-on=WHEN   blocking (default): exit 1 on a blocking finding; replace: also on any
                   replacement or destruction; never: always exit 0

Exit codes: 0 nothing --fail-on refuses; 1 findings per --fail-on; 2 bad input or a failure.
`;

const FORMATS = ['markdown', 'comment', 'sarif'] as const;

async function fromApp(appDir: string, env: NodeJS.ProcessEnv): Promise<ReviewedPlan[]> {
  const stacks = await synthesizeApp(appDir, env);
  const reviewed: ReviewedPlan[] = [];
  for (const stack of stacks) {
    const { plan, config } = await planStack(stack, env);
    reviewed.push({ title: `stack ${stack.name}`, plan, config: config as SynthesizedConfig, planFile: stack.configFile, configPath: stack.configFile });
  }
  return reviewed;
}

export const planReviewCommand: Command = {
  summary: 'review Terraform plans for anomaly detectors and their keys (markdown or SARIF, exit code per --fail-on)',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions(
      argv,
      {
        config: { type: 'string', multiple: true },
        'app-dir': { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        'fail-on': { type: 'string', default: 'blocking' },
      },
      USAGE,
    );
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON);
    const format = oneOf('format', values.format, FORMATS);
    const configs = values.config ?? [];
    if (positionals.length === 0 && configs.length > 0)
      throw new UsageError(`--config goes with PLAN_JSON files; a cdktf app's own configuration is read from its synth`);
    if (positionals.length > 0 && values['app-dir'] !== undefined) throw new UsageError('--app-dir plans an app; it does not go with PLAN_JSON files');
    const plans = positionals.length > 0 ? await readPlanFiles(positionals, configs, io.cwd) : await fromApp(resolve(io.cwd, values['app-dir'] ?? '.'), io.env);
    const reviews = plans.map((p) => ({ ...p, review: reviewPlan(p.plan, p.config) }));
    if (format === 'sarif') {
      io.stdout(
        renderSarif(
          reviews.map((r) => ({
            review: r.review,
            locate: findingLocator(r.planFile, r.configPath, io.cwd),
            root: uriOf(r.configPath ?? r.planFile, io.cwd),
          })),
          packageVersion(),
        ),
      );
    } else if (format === 'comment') {
      io.stdout(fitComment(reviews.map(({ title, review }) => ({ review, title: plans.length > 1 ? title : undefined }))));
    } else {
      for (const { title, review } of reviews) io.stdout(renderMarkdown(review, plans.length > 1 ? title : undefined));
    }
    return Math.max(0, ...reviews.map(({ review }) => exitCodeFor(review, failOn)));
  },
};
