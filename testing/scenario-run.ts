import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../modules/toolchain';
import { PlanJson } from '../terraform-runner/plan-json';
import { assertServedLocally, unservedConstructs } from '../localstack/local-services';
import { StackDeployment } from '../terraform-runner/stack-deployment';
import { formatDiagnostics, PlannedChange, TerraformCommandError, TerraformDiagnostic } from '../terraform-runner/terraform';
import { ownedBy, SCENARIO_NAME, SCENARIO_NAME_RULE, scenarioPlan } from './scenario-addresses';

/** One step of a scenario: the configuration it applies, and what is planned right after. */
export interface ScenarioStep {
  /** Names the step in test names and failures. */
  readonly title: string;
  /** Adds the scenario's resources for this step to `scope` (its own construct in the run's one stack). */
  readonly build: (scope: Construct) => void;
  /**
   * A configuration planned right after this step's apply and never applied; its plan is
   * `replan`. For changes a test reviews but must not make (a narrowed key policy).
   * @default - `replan`, when asked for, plans this step's configuration again
   */
  readonly propose?: (scope: Construct) => void;
  /** Plan again right after the apply (`ScenarioFacts.replan`): an unchanged configuration must then plan no changes. @default false */
  readonly replan?: boolean;
  /** The apply is meant to fail for this scenario: its errors are `ScenarioFacts.errors`, not a failure of the step. @default false */
  readonly expectErrors?: boolean;
}

/** An independent lifecycle: its steps run in lock step with every other scenario's of the run. */
export interface Scenario {
  /** The construct id of the scenario's scope, hence the prefix of its Terraform names: SCENARIO_NAME. */
  readonly name: string;
  readonly steps: readonly ScenarioStep[];
  /** Runs once before the first step (keys made outside Terraform). A failure fails every step of this scenario, and its resources stay out of the stack. */
  readonly before?: () => Promise<void>;
  /** Runs once after the final destroy, also after failures. */
  readonly after?: () => Promise<void>;
}

/** A plan, as one scenario sees it. */
export interface ScenarioPlan {
  /** false when nothing of this scenario's changes */
  readonly changes: boolean;
  /** This scenario's changes from `plan -json`. */
  readonly plannedChanges: readonly PlannedChange[];
  /** The plan as JSON with only this scenario's resource and output changes (one `terraform show` per plan, shared by every scenario). */
  readonly json: () => Promise<PlanJson>;
}

/** What one scenario's step did, for its tests. */
export interface ScenarioFacts {
  /** The step's plan, which was then applied. */
  readonly plan: ScenarioPlan;
  /** This scenario's outputs after the apply, by the TerraformOutput's construct id. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The apply's errors about this scenario's resources (only on `expectErrors` steps: elsewhere they fail the step). */
  readonly errors: readonly TerraformDiagnostic[];
  /** The plan right after the apply (`replan` or `propose` steps). */
  readonly replan: ScenarioPlan;
  /** The step's `cdk.tf.json`, all scenarios', for plan review's look at `lifecycle`. */
  readonly config: unknown;
  /** This scenario's addresses in the state after the step. */
  readonly stateAddresses: () => Promise<string[]>;
}

/** What the run's final destroy did, for a scenario's tests. */
export interface DestroyFacts {
  /** The destroy plan, which was then applied. */
  readonly plan: ScenarioPlan;
}

export interface ScenarioRunOptions {
  /** Adds what every scenario shares to the run's one stack: providers, and anything global. */
  readonly stack: (stack: TerraformStack) => void;
  /** Extra environment for every terraform command (credentials). @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Read every resource back before each step's plan and the destroy's. false plans from the
   * state the previous apply wrote (`-refresh=false`): right only when nothing outside the run
   * changes the scenarios' resources between steps. The plan after an apply always refreshes:
   * convergence is about what AWS reads back.
   * @default true
   */
  readonly refresh?: boolean;
}

type Outcome<T> = { ok: true; facts: T } | { ok: false; error: Error };

const STACK_ID = 'scenarios';

/**
 * Several independent lifecycles through one Terraform working directory in lock step: step N
 * applies every scenario's N-th configuration in one plan and apply, so Terraform creates their
 * resources concurrently and each command's provider start-up is paid once per step, not once
 * per scenario. Plan facts are split by the scenario prefix of each address. A scenario's
 * failure is its own: the others' facts stand. The destroy runs once, at the end.
 */
export class ScenarioRun {
  private readonly scenarios: Scenario[] = [];
  private readonly outcomes = new Map<string, Array<Outcome<ScenarioFacts>>>();
  private readonly destroyOutcomes = new Map<string, Outcome<DestroyFacts>>();
  private readonly unavailable = new Map<string, Error>();
  /** Each scenario's last configuration that built. */
  private readonly lastBuilt = new Map<string, (scope: Construct) => void>();
  private deployment: StackDeployment | undefined;
  /** Set once a step could not be applied at all: later steps do not run. */
  private halted: string | undefined;
  private destroyed = false;

  constructor(
    public readonly name: string,
    private readonly options: ScenarioRunOptions,
  ) {}

  /** Adds a scenario; throws on a bad or repeated name, or no steps. */
  add(scenario: Scenario): void {
    if (!SCENARIO_NAME.test(scenario.name)) throw new Error(`scenario name '${scenario.name}' must be ${SCENARIO_NAME_RULE}`);
    if (this.scenarios.some((s) => s.name === scenario.name)) throw new Error(`scenario name '${scenario.name}' is used twice`);
    if (scenario.steps.length === 0) throw new Error(`scenario '${scenario.name}' has no steps`);
    this.scenarios.push(scenario);
    this.outcomes.set(scenario.name, []);
  }

  /** The shared working directory, once started (kept when the final destroy fails). */
  get workDir(): string | undefined {
    return this.deployment?.workDir;
  }

  /** The most steps any scenario has: the run's step count. */
  get stepCount(): number {
    return Math.max(0, ...this.scenarios.map((s) => s.steps.length));
  }

  /** Each scenario's steps, in order. */
  get definitions(): readonly Scenario[] {
    return this.scenarios;
  }

  /** Makes the working directory and runs every scenario's `before`, concurrently. */
  async start(): Promise<void> {
    this.deployment = new StackDeployment(this.name, { env: this.options.env });
    await Promise.all(
      this.scenarios.map(async (s) => {
        try {
          await s.before?.();
        } catch (e) {
          this.unavailable.set(s.name, new Error(`scenario '${s.name}': its 'before' failed: ${(e as Error).message}`, { cause: e }));
        }
      }),
    );
  }

  /** Runs step `index` (0-based) for every scenario; records each one's facts or failure, never throws for a scenario's sake. */
  async advance(index: number): Promise<void> {
    const stepName = (s: Scenario) => `scenario '${s.name}', step ${index + 1} (${this.stepOf(s, index).title})`;
    const fail = (s: Scenario, message: string, cause?: unknown) =>
      this.record(s, index, { ok: false, error: new Error(`${stepName(s)}: ${message}`, { cause }) });
    const active = this.scenarios.filter((s) => index < s.steps.length);
    if (this.halted) {
      for (const s of active) fail(s, `not run: ${this.halted}`);
      return;
    }
    for (const s of active) if (this.unavailable.has(s.name)) fail(s, this.unavailable.get(s.name)!.message);

    let config: Synthesized;
    try {
      config = this.synth((s) => this.stepOf(s, index).build);
    } catch (e) {
      this.halted = `step ${index + 1}'s configuration could not be synthesized: ${(e as Error).message}`;
      for (const s of active) fail(s, this.halted, e);
      return;
    }

    const planFile = `step-${index + 1}.tfplan`;
    let plan: RunPlan;
    try {
      plan = await this.plan(planFile, config, { refresh: this.options.refresh });
    } catch (e) {
      this.halted = `step ${index + 1} was not applied: its plan failed`;
      for (const s of active) fail(s, `${this.halted}\n${this.ownFailure(s, e)}`, e);
      return;
    }

    let applyError: unknown;
    if (plan.changes) await this.deploymentOrThrow.apply(planFile).catch((e: unknown) => (applyError = e));
    const outputsOf = await this.outputs(config);

    const replanned = active.filter((s) => this.stepOf(s, index).replan || this.stepOf(s, index).propose);
    let replan: RunPlan | undefined;
    let replanError: unknown;
    let replanConfig: Synthesized | undefined;
    if (replanned.length > 0) {
      const replanFile = `step-${index + 1}-replan.tfplan`;
      try {
        replanConfig = this.synth((s) => this.stepOf(s, index).propose ?? this.stepOf(s, index).build, { remember: false });
        replan = await this.plan(replanFile, replanConfig);
      } catch (e) {
        replanError = e;
      }
    }

    // One `terraform state list` a step, for every scenario that asks.
    let state: Promise<string[]> | undefined;
    const stateAddresses = () => (state ??= this.deploymentOrThrow.stateAddresses());
    for (const s of active) {
      if (this.unavailable.has(s.name)) continue;
      const buildError = config.buildErrors.get(s.name);
      if (buildError) {
        fail(s, `${buildError.message}; its previous configuration was planned in its place`, buildError);
        continue;
      }
      const step = this.stepOf(s, index);
      const errors = applyError === undefined ? [] : this.diagnosticsOf(s, applyError);
      if (errors.length > 0 && !step.expectErrors) {
        fail(s, `${commandOf(applyError)} failed:\n${formatDiagnostics(errors)}`, applyError);
        continue;
      }
      if (applyError !== undefined && !(applyError instanceof TerraformCommandError)) {
        fail(s, `the apply failed: ${(applyError as Error).message}`, applyError);
        continue;
      }
      const wantsReplan = replanned.includes(s);
      const proposalError = replanConfig?.buildErrors.get(s.name);
      if (wantsReplan && proposalError) {
        fail(s, `its proposal: ${proposalError.message}`, proposalError);
        continue;
      }
      if (wantsReplan && replanError !== undefined) {
        fail(s, `the plan after the apply failed:\n${this.ownFailure(s, replanError)}`, replanError);
        continue;
      }
      this.record(s, index, {
        ok: true,
        facts: {
          plan: plan.of(s),
          outputs: outputsOf(s),
          errors,
          get replan(): ScenarioPlan {
            if (!replan) throw new Error(`${stepName(s)}: ask for 'replan: true' (or 'propose') to see the plan after the apply`);
            return replan.of(s);
          },
          config: config.json,
          stateAddresses: async () => (await stateAddresses()).filter((a) => ownedBy(s.name, a)),
        },
      });
    }
  }

  /** Plans the destroy of everything, applies that plan, and records each scenario's view of it. */
  async destroy(): Promise<void> {
    const deployment = this.deploymentOrThrow;
    const fail = (s: Scenario, message: string, cause?: unknown) =>
      this.destroyOutcomes.set(s.name, { ok: false, error: new Error(`scenario '${s.name}', the final destroy: ${message}`, { cause }) });
    try {
      const config = this.synth((s) => this.lastBuilt.get(s.name) ?? (() => undefined), { remember: false });
      const plan = await this.plan('destroy.tfplan', config, { destroy: true, refresh: this.options.refresh });
      if (plan.changes) await deployment.apply('destroy.tfplan');
      this.destroyed = true;
      for (const s of this.scenarios) this.destroyOutcomes.set(s.name, { ok: true, facts: { plan: plan.of(s) } });
    } catch (e) {
      for (const s of this.scenarios) fail(s, this.ownFailure(s, e), e);
    }
  }

  /** Destroys what is left (when `destroy` did not run or failed), runs every `after`, removes the working directory; throws what failed. */
  async finish(): Promise<void> {
    const problems: string[] = [];
    if (this.deployment) {
      if (!this.destroyed) {
        await this.deployment
          .destroy()
          .catch((e: Error) => problems.push(`the destroy failed, so the working directory ${this.deployment!.workDir} is kept:\n${e.message}`));
      }
      if (problems.length === 0) this.deployment.remove();
    }
    for (const s of this.scenarios) {
      await s.after?.().catch((e: Error) => problems.push(`scenario '${s.name}': its 'after' failed: ${e.message}`));
    }
    if (problems.length > 0) throw new Error(`${this.name}: ${problems.join('\n')}`);
  }

  /** The facts of `scenario`'s step `index`, or the error that step failed with. */
  facts(scenario: string, index: number): ScenarioFacts {
    const outcome = this.outcomes.get(scenario)?.[index];
    if (!outcome) throw new Error(`scenario '${scenario}', step ${index + 1}: not run (its step was not reached)`);
    if (!outcome.ok) throw outcome.error;
    return outcome.facts;
  }

  /** What the final destroy did, as `scenario` sees it, or the error it failed with. */
  destroyFacts(scenario: string): DestroyFacts {
    const outcome = this.destroyOutcomes.get(scenario);
    if (!outcome) throw new Error(`scenario '${scenario}': the final destroy did not run`);
    if (!outcome.ok) throw outcome.error;
    return outcome.facts;
  }

  private get deploymentOrThrow(): StackDeployment {
    if (!this.deployment) throw new Error(`${this.name}: start() first`);
    return this.deployment;
  }

  /** A scenario past its last step keeps its last configuration. */
  private stepOf(s: Scenario, index: number): ScenarioStep {
    return s.steps[Math.min(index, s.steps.length - 1)];
  }

  private record(s: Scenario, index: number, outcome: Outcome<ScenarioFacts>): void {
    this.outcomes.get(s.name)![index] = outcome;
  }

  /**
   * One stack: the shared part, then each available scenario under a construct named after it.
   * A scenario whose build throws keeps the configuration it last built, so that its failure
   * destroys nothing and stops no other scenario; the error is in `buildErrors`.
   */
  private synth(buildOf: (s: Scenario) => (scope: Construct) => void, options: { remember: boolean } = { remember: true }): Synthesized {
    const outputs = new Map<string, Map<string, string>>();
    const buildErrors = new Map<string, Error>();
    this.deploymentOrThrow.synth((app) => {
      const stack = new TerraformStack(app, STACK_ID);
      this.options.stack(stack);
      for (const s of this.scenarios) {
        if (this.unavailable.has(s.name)) continue;
        let scope = new Construct(stack, s.name);
        const build = buildOf(s);
        try {
          build(scope);
          assertServedLocally(unservedConstructs(scope));
          if (options.remember) this.lastBuilt.set(s.name, build);
        } catch (e) {
          buildErrors.set(s.name, new Error(`building its configuration threw: ${(e as Error).message}`, { cause: e }));
          stack.node.tryRemoveChild(s.name);
          scope = new Construct(stack, s.name);
          this.lastBuilt.get(s.name)?.(scope);
        }
        outputs.set(s.name, outputNames(s.name, scope));
      }
      return stack;
    });
    return { json: this.deploymentOrThrow.configuration(), outputs, buildErrors };
  }

  /** Plans into `planFile`; the JSON is read once, when a test first asks for it. */
  private async plan(planFile: string, config: Synthesized, options: { destroy?: boolean; refresh?: boolean } = {}): Promise<RunPlan> {
    const deployment = this.deploymentOrThrow;
    const { changes, plannedChanges } = await deployment.plan({ planFile, ...options });
    let shown: Promise<PlanJson> | undefined;
    const json = () => (shown ??= deployment.planJson(planFile));
    return {
      changes,
      of: (s) => {
        const own = plannedChanges.filter((c) => ownedBy(s.name, c.address) && c.action !== 'noop');
        const outputNames = new Set(config.outputs.get(s.name)?.keys());
        return { changes: own.length > 0, plannedChanges: own, json: async () => scenarioPlan(await json(), s.name, outputNames) };
      },
    };
  }

  /** Reads every output once; each scenario's, by construct id, from `config`'s names. */
  private async outputs(config: Synthesized): Promise<(s: Scenario) => Record<string, string>> {
    const all = await this.deploymentOrThrow.outputs();
    return (s) => {
      const own: Record<string, string> = {};
      for (const [uniqueId, id] of config.outputs.get(s.name) ?? []) if (uniqueId in all) own[id] = all[uniqueId];
      return own;
    };
  }

  /** The diagnostics of a failed command that are about `s`'s resources, or about no resource (which concern everyone). */
  private diagnosticsOf(s: Scenario, error: unknown): TerraformDiagnostic[] {
    if (!(error instanceof TerraformCommandError)) return [];
    return error.diagnostics.filter((d) => d.severity === 'error' && (d.address === undefined || ownedBy(s.name, d.address) || !this.anyOwner(d.address)));
  }

  private anyOwner(address: string): boolean {
    return this.scenarios.some((s) => ownedBy(s.name, address));
  }

  /** A failed command, with the diagnostics that concern `s` when it has any, else all of them. */
  private ownFailure(s: Scenario, error: unknown): string {
    if (!(error instanceof TerraformCommandError)) return (error as Error).message;
    const own = this.diagnosticsOf(s, error);
    return `${commandOf(error)} failed:\n${own.length > 0 ? formatDiagnostics(own) : (error.stderr || error.stdout).trim()}`;
  }
}

interface Synthesized {
  readonly json: unknown;
  /** Scenarios whose build threw (they kept their last configuration). */
  readonly buildErrors: ReadonlyMap<string, Error>;
  /** Per scenario: output name in the configuration → the TerraformOutput's construct id. */
  readonly outputs: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

interface RunPlan {
  readonly changes: boolean;
  of(s: Scenario): ScenarioPlan;
}

/** Output names cdktf gave the scenario's TerraformOutputs, by construct id; two outputs with one id are refused. */
function outputNames(scenario: string, scope: Construct): Map<string, string> {
  const names = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const c of scope.node.findAll()) {
    if (!TerraformOutput.isTerraformOutput(c)) continue;
    const other = byId.get(c.node.id);
    if (other)
      throw new Error(`scenario '${scenario}': outputs ${other} and ${c.node.path} share the id '${c.node.id}'; output ids must be unique in a scenario`);
    byId.set(c.node.id, c.node.path);
    names.set(c.friendlyUniqueId, c.node.id);
  }
  return names;
}

function commandOf(error: unknown): string {
  return error instanceof TerraformCommandError ? `terraform ${error.args.join(' ')} in ${error.cwd}` : 'terraform';
}
