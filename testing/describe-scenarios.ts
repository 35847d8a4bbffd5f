import { Construct } from 'constructs';
import { DestroyFacts, Scenario, ScenarioFacts, ScenarioRun, ScenarioRunOptions, ScenarioStep } from './scenario-run';

/** Registers one test of a step: `fn` gets the scenario's facts of that step. */
export type StepTest = (name: string, fn: (facts: ScenarioFacts) => Promise<void> | void) => void;
/** Registers one test of the final destroy. */
export type DestroyTest = (name: string, fn: (facts: DestroyFacts) => Promise<void> | void) => void;

/** How a scenario is written inside `describeScenarios`. */
export interface ScenarioBuilder {
  /** Runs once before the first step. */
  before(fn: () => Promise<void>): void;
  /** Runs once after the final destroy. */
  after(fn: () => Promise<void>): void;
  /** The next step: its configuration (or the step's options), and its tests, which run after every scenario's step is applied. */
  step(title: string, step: ((scope: Construct) => void) | Omit<ScenarioStep, 'title'>, tests?: (test: StepTest) => void): void;
  /** Tests that run after the final destroy, with its plan. */
  destroyed(tests: (test: DestroyTest) => void): void;
}

/** Adds a scenario: `body` gives its steps and tests. */
export type DefineScenario = (name: string, body: (s: ScenarioBuilder) => void) => void;

export interface DescribeScenariosOptions extends ScenarioRunOptions {
  /** Jest timeout of each step, the destroy and each test. @default 600_000 (10 minutes) */
  readonly timeoutMs?: number;
}

/** The Jest functions this registers with; typed here so the shipped types do not need @types/jest. */
interface JestGlobals {
  describe: (name: string, fn: () => void) => void;
  test: (name: string, fn: () => Promise<void> | void, timeout?: number) => void;
  beforeAll: (fn: () => Promise<void>, timeout?: number) => void;
  afterAll: (fn: () => Promise<void>, timeout?: number) => void;
}

interface Registered<F> {
  readonly name: string;
  readonly fn: (facts: F) => Promise<void> | void;
}

/**
 * A Jest `describe` whose scenarios advance in lock step through one Terraform working directory
 * (ScenarioRun): `step N` applies every scenario's N-th configuration at once, then runs each
 * scenario's tests of that step against what it did. A test's failure is its own scenario's:
 * every other scenario's tests still report. Test names read `SCENARIO: STEP › TEST`.
 *
 * ```ts
 * describeScenarios('my stacks', { stack: (s) => new AwsProvider(s, 'aws', settings) }, (scenario) => {
 *   scenario('key-swap', (s) => {
 *     s.step('key A', (scope) => new MyDetector(scope, 'd', { key: 'a' }), (test) => {
 *       test('holds key A', async ({ outputs }) => expect(...));
 *     });
 *   });
 * });
 * ```
 */
export function describeScenarios(title: string, options: DescribeScenariosOptions, define: (scenario: DefineScenario) => void): void {
  const jest = globalThis as unknown as Partial<JestGlobals>;
  if (typeof jest.describe !== 'function' || typeof jest.test !== 'function' || typeof jest.beforeAll !== 'function' || typeof jest.afterAll !== 'function') {
    throw new Error('describeScenarios registers Jest tests: call it at the top level of a Jest test file');
  }
  const { describe, test, beforeAll, afterAll } = jest as JestGlobals;
  const timeout = options.timeoutMs ?? 600_000;

  describe(title, () => {
    const run = new ScenarioRun(
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 30),
      options,
    );
    const stepTests = new Map<string, Array<Array<Registered<ScenarioFacts>>>>();
    const destroyTests = new Map<string, Array<Registered<DestroyFacts>>>();

    define((name, body) => {
      const steps: ScenarioStep[] = [];
      const tests: Array<Array<Registered<ScenarioFacts>>> = [];
      let before: Scenario['before'];
      let after: Scenario['after'];
      body({
        before: (fn) => (before = fn),
        after: (fn) => (after = fn),
        step: (stepTitle, step, register) => {
          steps.push(typeof step === 'function' ? { title: stepTitle, build: step } : { ...step, title: stepTitle });
          const own: Array<Registered<ScenarioFacts>> = [];
          register?.((testName, fn) => own.push({ name: testName, fn }));
          tests.push(own);
        },
        destroyed: (register) => {
          const own: Array<Registered<DestroyFacts>> = [];
          register((testName, fn) => own.push({ name: testName, fn }));
          destroyTests.set(name, [...(destroyTests.get(name) ?? []), ...own]);
        },
      });
      run.add({ name, steps, before, after });
      stepTests.set(name, tests);
    });

    beforeAll(() => run.start(), timeout);
    afterAll(() => run.finish(), timeout);

    for (let index = 0; index < run.stepCount; index++) {
      describe(`step ${index + 1}`, () => {
        beforeAll(() => run.advance(index), timeout);
        for (const scenario of run.definitions) {
          const step = scenario.steps[index];
          if (!step) continue;
          const own = stepTests.get(scenario.name)![index];
          // A step without tests still reports: its failure is never silent.
          const registered = own.length > 0 ? own : [{ name: 'applies', fn: () => undefined }];
          for (const t of registered) test(`${scenario.name}: ${step.title} › ${t.name}`, () => t.fn(run.facts(scenario.name, index)), timeout);
        }
      });
    }

    if (destroyTests.size > 0) {
      describe('destroy', () => {
        beforeAll(() => run.destroy(), timeout);
        for (const [scenario, own] of destroyTests) {
          for (const t of own) test(`${scenario}: destroyed › ${t.name}`, () => t.fn(run.destroyFacts(scenario)), timeout);
        }
      });
    }
  });
}
