/**
 * Plan review for pull requests: reads a `terraform show -json` plan (or synthesizes the app and
 * plans it) and prints GitHub-flavoured markdown that says what the plan means for encrypted
 * anomaly detectors and their keys.
 *
 *   plan-review [PLAN_JSON] [--config CDK_TF_JSON] [--fail-on=blocking|replace|never]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlanJson } from '../terraform-runner/plan-json';
import { reviewPlan, SynthesizedConfig } from '../cli/plan-review/review-plan';
import { exitCodeFor, FailOn, renderMarkdown } from '../cli/plan-review/render-markdown';
import { Terraform } from '../terraform-runner/terraform';
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

/** Synthesizes main.ts and plans it with the real provider (credentials from the environment). */
async function planTheApp(): Promise<{ plan: PlanJson; config: SynthesizedConfig }> {
  const outdir = mkdtempSync(join(tmpdir(), 'kms-anomaly-plan-review-'));
  try {
    const synth = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr || synth.stdout}`);
    const stackDir = join(outdir, 'stacks', EXAMPLE_STACK_NAME);
    const terraform = new Terraform(stackDir);
    await terraform.init();
    await terraform.plan({ out: 'tfplan' });
    return { plan: (await terraform.showPlan('tfplan')) as PlanJson, config: readJson(join(stackDir, 'cdk.tf.json')) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
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
