import { existsSync } from 'node:fs';
import { Fn, TerraformOutput } from 'cdktf';
import { LightsailInstance } from '@cdktf/provider-aws/lib/lightsail-instance';
import { Construct } from 'constructs';
import { ReplacementTrigger } from '../../modules/private/replacement-trigger';
import { ScenarioRun } from '../../testing/scenario-run';

/** A `terraform_data` (Terraform's built-in provider: no AWS, no provider start-up), whose create runs `command` when given. */
function data(scope: Construct, value: string, command?: string): void {
  const resource = new ReplacementTrigger(scope, 'data', { value });
  if (command) resource.addOverride('provisioner', [{ 'local-exec': { command } }]);
  new TerraformOutput(scope, 'value', { value: Fn.lookup(resource.getAnyMapAttribute('output'), 'value', '') as string });
}

// The lock-step runner's own rules, with real Terraform: what each scenario is told when
// another one fails, and that the shared directory goes at the end.
describe('ScenarioRun', () => {
  test('refuses a bad or repeated scenario name, and a scenario without steps', () => {
    const run = new ScenarioRun('rules', { stack: () => undefined });
    const step = { title: 's', build: () => undefined };
    expect(() => run.add({ name: 'Bad_Name', steps: [step] })).toThrow(
      "scenario name 'Bad_Name' must be 1-40 lower-case letters, digits and '-', starting with a letter",
    );
    run.add({ name: 'one', steps: [step] });
    expect(() => run.add({ name: 'one', steps: [step] })).toThrow("scenario name 'one' is used twice");
    expect(() => run.add({ name: 'two', steps: [] })).toThrow("scenario 'two' has no steps");
  });

  test("a scenario's failed apply and its throwing build are its own; the other scenario's facts stand", async () => {
    const run = new ScenarioRun('isolation', { stack: () => undefined });
    run.add({
      name: 'good',
      steps: [
        { title: 'one', build: (scope) => data(scope, 'one'), replan: true },
        { title: 'two', build: (scope) => data(scope, 'two') },
      ],
    });
    run.add({
      name: 'broken',
      steps: [
        { title: 'failing create', build: (scope) => data(scope, 'x', 'echo provisioner-said-no >&2; exit 3') },
        {
          title: 'throwing build',
          build: () => {
            throw new Error('no configuration for you');
          },
        },
      ],
    });
    await run.start();
    try {
      await run.advance(0);
      const good = run.facts('good', 0);
      expect(good.outputs).toEqual({ value: 'one' });
      expect(good.plan.plannedChanges.map((c) => c.action)).toEqual(['create']);
      expect(good.replan.changes).toBe(false);
      expect((await good.plan.json()).resource_changes?.map((c) => c.address)).toEqual([expect.stringMatching(/^terraform_data\.good_data_/)]);
      expect(() => run.facts('broken', 0)).toThrow(
        /^scenario 'broken', step 1 \(failing create\): terraform apply .* failed:\nError: local-exec provisioner error \(terraform_data\.broken_data_[0-9A-F]+\)\n[\s\S]*provisioner-said-no/,
      );
      expect(() => run.facts('broken', 0)).not.toThrow(/good_data/);

      await run.advance(1);
      expect(run.facts('good', 1).outputs).toEqual({ value: 'two' });
      expect(() => run.facts('broken', 1)).toThrow(
        "scenario 'broken', step 2 (throwing build): building its configuration threw: no configuration for you; its previous configuration was planned in its place",
      );
      expect(() => run.facts('good', 1).replan).toThrow("scenario 'good', step 2 (two): ask for 'replan: true' (or 'propose') to see the plan after the apply");
    } finally {
      await run.destroy();
    }
    expect(run.destroyFacts('good').plan.plannedChanges.map((c) => c.action)).toEqual(['delete']);
    const workDir = run.workDir!;
    expect(existsSync(workDir)).toBe(true);
    await run.finish();
    expect(existsSync(workDir)).toBe(false);
  });

  test("a scenario with a resource of a service local AWS does not serve fails its step naming type and path; the other scenario's step applies", async () => {
    const run = new ScenarioRun('services', { stack: () => undefined });
    run.add({ name: 'local', steps: [{ title: 'one', build: (scope) => data(scope, 'one') }] });
    run.add({
      name: 'remote',
      steps: [
        {
          title: 'lightsail',
          build: (scope) =>
            new LightsailInstance(scope, 'box', { name: 'box', availabilityZone: 'us-east-1a', blueprintId: 'amazon_linux_2', bundleId: 'nano_3_0' }),
        },
      ],
    });
    await run.start();
    try {
      await run.advance(0);
      expect(run.facts('local', 0).outputs).toEqual({ value: 'one' });
      expect(() => run.facts('remote', 0)).toThrow(
        "scenario 'remote', step 1 (lightsail): building its configuration threw: local AWS cannot serve aws_lightsail_instance (scenarios/remote/box): its service is not one moto 5.2.1 serves",
      );
    } finally {
      await run.finish();
    }
  });
});
