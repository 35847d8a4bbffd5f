import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { LocalAws } from '../localstack/local-aws';
import { localAwsProviderSettings } from '../localstack/provider-settings';
import { StackDeployment } from '../terraform-runner/stack-deployment';
import { Terraform } from '../terraform-runner/terraform';
import { ScenarioRun } from '../testing/scenario-run';
import { Cleanup } from './cleanup';
import { cpuMsBetween, cpuSnapshot } from './cpu-share';
import { LIFECYCLE_STEPS, lifecycleStep } from './lifecycle-scenario';
import { msFigure, Ratio, Section } from './results';

export interface ScenarioLoopsOptions {
  readonly runs: number;
  /** Numbers of scenarios run together, each by both loops. */
  readonly scenarioCounts: readonly number[];
  readonly localAws: LocalAws;
  readonly cleanup: Cleanup;
  readonly progress: (line: string) => void;
}

/** Lock step must beat the per-scenario loop by this factor at the largest count (issue 29). */
const LOCK_STEP_SPEED_UP_TARGET = 2;
/** The harness's time over plain Terraform running the same commands. */
const HARNESS_OVERHEAD_TARGET = 1.1;

/** Elapsed and CPU (this process and every child it waited for: terraform and its provider plugins). */
interface Cost {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Each scenario's outputs per step, to check that a timed run did what it should. */
type StepOutputs = ReadonlyArray<Readonly<Record<string, string>>>;

async function measured(fn: () => Promise<void>): Promise<Cost> {
  const cpuStart = cpuSnapshot();
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  const cpuEnd = cpuSnapshot();
  return { ms, cpuMs: cpuStart && cpuEnd ? cpuMsBetween(cpuStart, cpuEnd) : Number.NaN };
}

/** Throws unless every step applied and step 2 replaced the detector onto a new key. */
function checkLifecycle(scenario: string, outputs: StepOutputs): void {
  const [a, b] = outputs;
  if (!a?.detector_arn || !b?.detector_arn || a.key_arn === b.key_arn || a.detector_arn === b.detector_arn) {
    throw new Error(`scenario ${scenario} did not walk key A → key B (detector replaced): ${JSON.stringify(outputs)}`);
  }
}

/** Outputs by their construct ids, as the lock-step run gives them: cdktf names them `SCENARIO_ID_HASH`. */
function byConstructId(outputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name.replace(/^.+?_(.+)_[0-9A-F]{8}$/, '$1'), value]));
}

const providerFor = (localAws: LocalAws) => (scope: Construct) =>
  new AwsProvider(scope, 'aws', { ...localAwsProviderSettings(localAws), region: localAws.region });

function credentials(localAws: LocalAws): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: localAws.accessKeyId, AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey };
}

/** Scenario names of one loop's run: unique per loop and run, so nothing collides in local AWS. */
function scenarioNames(loop: string, count: number, run: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${loop}${count}-r${run}-s${i + 1}`);
}

/**
 * `describeScenarios`' engine (ScenarioRun, what each `describe` of it drives: start, one
 * advance per step, destroy, finish). Returns the configuration each command saw, for the
 * plain-Terraform replay: every step's, then the destroy's.
 */
async function lockStep(names: readonly string[], localAws: LocalAws, cleanup: Cleanup): Promise<{ cost: Cost; configs: string[] }> {
  const run = new ScenarioRun(`bench-lockstep-${names.length}`, { stack: providerFor(localAws), env: credentials(localAws) });
  for (const name of names) run.add({ name, steps: LIFECYCLE_STEPS.map((title, i) => ({ title, build: lifecycleStep(name, i) })) });
  const configs: string[] = [];
  const config = () => readFileSync(join(run.workDir!, 'cdk.tf.json'), 'utf8');
  const cost = await measured(async () => {
    await run.start();
    cleanup.add('destroy what the lock-step run left', () => run.finish());
    for (let step = 0; step < run.stepCount; step++) {
      await run.advance(step);
      configs.push(config());
    }
    await run.destroy();
    configs.push(config());
    await run.finish();
  });
  for (const name of names)
    checkLifecycle(
      name,
      LIFECYCLE_STEPS.map((_, step) => run.facts(name, step).outputs),
    );
  for (const name of names) run.destroyFacts(name);
  return { cost, configs };
}

/**
 * The loop Terratest users know: one working directory per scenario (`InitAndApply`, `Apply`
 * per further step, `Output`, `Destroy`), every scenario at once (`t.Parallel()`). Each step's
 * configuration is synthesized before the clock starts, as a Terratest module's HCL is written
 * beforehand.
 */
async function perScenario(names: readonly string[], localAws: LocalAws, cleanup: Cleanup): Promise<Cost> {
  const prepared = names.map((name) => {
    const deployment = new StackDeployment(name, { env: credentials(localAws) });
    cleanup.add(`remove ${deployment.workDir}`, () => deployment.remove());
    const stepFiles = LIFECYCLE_STEPS.map((_, step) => {
      deployment.synth((app) => {
        const stack = new TerraformStack(app, 'scenario');
        providerFor(localAws)(stack);
        lifecycleStep(name, step)(new Construct(stack, name));
        return stack;
      });
      const file = join(deployment.workDir, `step-${step + 1}.tf.json.saved`);
      copyFileSync(join(deployment.workDir, 'cdk.tf.json'), file);
      return file;
    });
    return { name, deployment, stepFiles, terraform: new Terraform(deployment.workDir, { env: credentials(localAws) }) };
  });

  const outputs = new Map<string, Array<Record<string, string>>>();
  const cost = await measured(async () => {
    const results = await Promise.allSettled(
      prepared.map(async ({ name, deployment, stepFiles, terraform }) => {
        const own: Array<Record<string, string>> = [];
        outputs.set(name, own);
        await terraform.init();
        try {
          for (const file of stepFiles) {
            copyFileSync(file, join(deployment.workDir, 'cdk.tf.json'));
            await terraform.apply();
            own.push(byConstructId(await deployment.outputs()));
          }
        } finally {
          await terraform.destroy();
        }
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new Error(`the per-scenario loop failed: ${failed.map((r) => (r.reason as Error).message).join('\n')}`);
  });
  for (const name of names) checkLifecycle(name, outputs.get(name)!);
  for (const { deployment } of prepared) deployment.remove();
  return cost;
}

/**
 * Plain terraform running exactly the commands the lock-step run ran, on its configurations
 * (their state path moved to a directory of its own): init; per step `plan -detailed-exitcode
 * -json -out`, `apply -json PLAN`, `output -json`; then `plan -destroy -out` and its apply.
 */
async function plainReplay(configs: readonly string[], dir: string, localAws: LocalAws): Promise<Cost> {
  const terraform = new Terraform(dir, { env: credentials(localAws) });
  const write = (config: string) => {
    const parsed = JSON.parse(config) as { terraform: { backend: { local: { path: string } } } };
    parsed.terraform.backend.local.path = join(dir, 'terraform.tfstate');
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(parsed));
  };
  const steps = configs.slice(0, -1);
  const destroyConfig = configs[configs.length - 1];
  write(steps[0]);
  return measured(async () => {
    await terraform.init();
    for (const [i, config] of steps.entries()) {
      write(config);
      const plan = await terraform.plan({ out: `step-${i + 1}.tfplan` });
      if (plan.changes) await terraform.apply(`step-${i + 1}.tfplan`, { json: true });
      await terraform.run(['output', '-json', '-no-color']);
    }
    write(destroyConfig);
    const plan = await terraform.plan({ out: 'destroy.tfplan', destroy: true });
    if (plan.changes) await terraform.apply('destroy.tfplan', { json: true });
  });
}

/**
 * Section 7: N lifecycle scenarios (key A, then key B: the detector replaced, key A kept) in
 * lock step through one working directory, against the same N in a working directory each,
 * all at once; then plain Terraform replaying the lock-step run's own plans and applies.
 * Everything runs on the same local AWS; the loops never overlap.
 */
export async function scenarioLoopsSection(options: ScenarioLoopsOptions): Promise<Section> {
  const { runs, scenarioCounts, localAws, cleanup, progress } = options;
  const costs = new Map<number, { lockStep: Cost[]; perScenario: Cost[]; plain: Cost[] }>();
  for (const count of scenarioCounts) {
    const own = { lockStep: [] as Cost[], perScenario: [] as Cost[], plain: [] as Cost[] };
    costs.set(count, own);
    for (let run = 1; run <= runs; run++) {
      // Alternating the order keeps drift in the machine's load from favouring one loop.
      const loops = [
        async () => {
          progress(`scenario loops: ${count} scenarios in lock step, run ${run}/${runs}`);
          const { cost, configs } = await lockStep(scenarioNames('ls', count, run), localAws, cleanup);
          own.lockStep.push(cost);
          progress(`scenario loops: plain terraform replaying those ${configs.length} configurations, run ${run}/${runs}`);
          own.plain.push(await plainReplay(configs, cleanup.tempDir(`plain-${count}-${run}`), localAws));
        },
        async () => {
          progress(`scenario loops: ${count} scenarios, a working directory each, all at once, run ${run}/${runs}`);
          own.perScenario.push(await perScenario(scenarioNames('pd', count, run), localAws, cleanup));
        },
      ];
      for (const loop of run % 2 === 1 ? loops : loops.reverse()) await loop();
    }
  }

  const largest = Math.max(...scenarioCounts);
  const ratios: Ratio[] = [];
  const figures = [...costs].flatMap(([count, c]) => {
    const ms = (list: Cost[]) => list.map((x) => x.ms);
    const cpu = (list: Cost[]) => list.map((x) => x.cpuMs);
    ratios.push(
      {
        label: `${count === largest ? '**' : ''}N = ${count}: per-scenario loop / lock step, elapsed${count === largest ? '**' : ''}`,
        samples: ms(c.perScenario).map((x, i) => x / c.lockStep[i].ms),
        ...(count === largest ? { targetMin: LOCK_STEP_SPEED_UP_TARGET } : {}),
      },
      { label: `N = ${count}: per-scenario loop / lock step, CPU`, samples: cpu(c.perScenario).map((x, i) => x / c.lockStep[i].cpuMs) },
      {
        label: `${count === largest ? '**' : ''}N = ${count}: harness (lock step) / plain terraform, same commands, elapsed${count === largest ? '**' : ''}`,
        samples: ms(c.lockStep).map((x, i) => x / c.plain[i].ms),
        targetMax: HARNESS_OVERHEAD_TARGET,
      },
      { label: `N = ${count}: harness (lock step) / plain terraform, same commands, CPU`, samples: cpu(c.lockStep).map((x, i) => x / c.plain[i].cpuMs) },
    );
    return [
      msFigure(`N = ${count}: lock step (describeScenarios' ScenarioRun), elapsed`, ms(c.lockStep)),
      msFigure(`N = ${count}: lock step, CPU`, cpu(c.lockStep)),
      msFigure(`N = ${count}: a working directory per scenario, ${count} at once, elapsed`, ms(c.perScenario)),
      msFigure(`N = ${count}: a working directory per scenario, CPU`, cpu(c.perScenario)),
      msFigure(`N = ${count}: plain terraform, the lock-step run's commands, elapsed`, ms(c.plain)),
      msFigure(`N = ${count}: plain terraform, the lock-step run's commands, CPU`, cpu(c.plain)),
    ];
  });

  return {
    title: '7. Lifecycle scenarios: lock step against a working directory per scenario',
    figures,
    ratios,
    notes: [
      `Each scenario (bench/lifecycle-scenario.ts): a log group, key A and a detector on it; then key B added and the detector on it (replaced, key A kept); then destroyed. Keys have \`preventDestroy: false\`. Every run checks each scenario's outputs (new key, new detector ARN) before its figures count.`,
      'Lock step: `ScenarioRun`, the engine of `describeScenarios` (one working directory; per step one synth of every scenario, `plan -out`, `apply` of that plan, `output`; one destroy at the end), driven without Jest. No test asks for a replan or the state, so none is made.',
      'A working directory per scenario, as Terratest runs `t.Parallel()` tests: `init`, `apply -auto-approve` per step, `output -json` after each, `destroy -auto-approve`; every scenario at once. Its configurations are synthesized before the clock starts.',
      "Plain terraform: the lock-step run's own configurations (state path moved) through the same commands, spawned one by one with the same environment; it always runs right after the lock-step run whose configurations it replays.",
      "CPU: this process and the children it waited for (terraform and the provider plugins terraform waited for; /proc's cutime and cstime). The gateway runs in this process and counts; the backend (moto) is a child still running, so its CPU is in no figure.",
    ],
  };
}
