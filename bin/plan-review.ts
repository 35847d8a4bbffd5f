/**
 * Plan review for pull requests: reads a `terraform show -json` plan (or synthesizes the app and
 * plans it) and prints GitHub-flavoured markdown that says what the plan means for encrypted
 * anomaly detectors and their keys.
 *
 *   plan-review [PLAN_JSON] [--config CDK_TF_JSON] [--fail-on=blocking|replace|never]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PlanJson } from '../terraform-runner/plan-json';
import { reviewPlan, SynthesizedConfig } from '../cli/plan-review/review-plan';
import { exitCodeFor, FailOn, renderMarkdown } from '../cli/plan-review/render-markdown';
import { selectStack, synthesizeApp } from '../terraform-runner/cdktf-app';
import { planStack } from '../terraform-runner/stack-plan';
import { EXAMPLE_STACK_NAME } from '../stacks/example-config';

const FAIL_ON: readonly FailOn[] = ['blocking', 'replace', 'never'];
const ROOT = resolve(__dirname, '..');

interface Options {
  readonly planFile?: string;
  readonly configFile?: string;
  readonly failOn: FailOn;
}

function parseArgs(argv: readonly string[]): Options {
  let planFile: string | undefined;
  let configFile: string | undefined;
  let failOn: FailOn = 'blocking';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--fail-on=')) {
      const value = arg.slice('--fail-on='.length);
      if (!FAIL_ON.includes(value as FailOn)) throw new Error(`--fail-on must be one of ${FAIL_ON.join(' | ')}, got '${value}'`);
      failOn = value as FailOn;
    } else if (arg === '--config') {
      configFile = argv[++i];
      if (!configFile) throw new Error('--config needs a path to cdk.tf.json');
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option '${arg}'; usage: plan-review [PLAN_JSON] [--config CDK_TF_JSON] [--fail-on=blocking|replace|never]`);
    } else if (planFile === undefined) {
      planFile = arg;
    } else {
      throw new Error(`one plan file only, got '${planFile}' and '${arg}'`);
    }
  }
  return { planFile, configFile, failOn };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Synthesizes this project's app (main.ts, through cdktf.json) and plans it with the credentials in the environment. */
async function planTheApp(): Promise<{ plan: PlanJson; config: SynthesizedConfig }> {
  const { plan, config } = await planStack(selectStack(await synthesizeApp(ROOT), EXAMPLE_STACK_NAME));
  return { plan, config: config as SynthesizedConfig };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const { plan, config } = options.planFile
    ? { plan: readJson<PlanJson>(options.planFile), config: options.configFile ? readJson<SynthesizedConfig>(options.configFile) : undefined }
    : await planTheApp();
  const review = reviewPlan(plan, config);
  process.stdout.write(renderMarkdown(review));
  return exitCodeFor(review, options.failOn);
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`plan-review: ${e.message}\n`);
    process.exit(2);
  },
);
