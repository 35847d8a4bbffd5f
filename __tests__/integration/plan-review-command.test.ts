import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { PLAN_FILE } from '../../terraform-runner/stack-plan';
import { findTerraformBinary, terraformEnvironment } from '../../terraform-runner/terraform';
import { PROJECT_ROOT, runCommand } from '../support/run-command';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

const WORKFLOW = resolve(PROJECT_ROOT, '.github', 'workflows', 'plan-review.yml');
const STACK_DIR = 'cdktf.out/stacks/anomaly-detection';

/** The part of a GitHub workflow file the test reads. */
interface Workflow {
  jobs: Record<string, { steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> }>;
}

const workflow = () => parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

// The workflow's plan job, run here as CI would run it (local AWS instead of the plan-only role),
// and its review job's reading of what the plan job keeps.
describe('plan review of the example app, as the plan-review workflow runs it', () => {
  test("the plan job runs the npm script and saves the plan's JSON; the review job's action reads that JSON and the stack's configuration", () => {
    const { plan, review } = workflow().jobs;
    const planRuns = plan.steps.map((s) => s.run ?? '').join('\n');
    expect(planRuns).toContain('npm run --silent plan-review -- --fail-on=never > /dev/null');
    expect(planRuns).toContain(`terraform -chdir=${STACK_DIR} show -json ${PLAN_FILE} > plan.json`);
    const action = review.steps.find((s) => s.uses === './');
    expect(action?.with).toMatchObject({ 'plan-json': 'plan.json', config: `${STACK_DIR}/cdk.tf.json`, 'fail-on': 'blocking' });
  });

  test('synthesizes main.ts, plans it against the account and prints the review; the saved plan reviews the same from its JSON', async () => {
    const local = localAwsEnv();
    const env = { ...process.env, AWS_ENDPOINT_URL: local.endpoint, NAME_PREFIX: uniqueName('review') };
    const summary = '**6 to add, 0 to change, 0 to replace, 0 to destroy** · 0 blocking, 0 warnings';
    const direct = await runCommand('npm', ['run', '--silent', 'plan-review', '--', '--fail-on=blocking'], { env });
    expect({ code: direct.code, stderr: direct.stderr }).toEqual({ code: 0, stderr: '' });
    expect(direct.stdout).toContain(summary);
    expect(direct.stdout).toMatch(
      /\| `aws_cloudwatch_log_anomaly_detector\.detector_Detector_[0-9A-F]+` \| create \| `new detector, key \(known after apply\)` \|/,
    );

    const shown = await runCommand(findTerraformBinary(), [`-chdir=${STACK_DIR}`, 'show', '-json', PLAN_FILE], { env: terraformEnvironment() });
    expect(shown.code).toBe(0);
    const planJson = resolve(PROJECT_ROOT, STACK_DIR, 'plan.json');
    writeFileSync(planJson, shown.stdout);
    const fromJson = await runCommand('npm', ['run', '--silent', 'plan-review', '--', planJson, '--config', `${STACK_DIR}/cdk.tf.json`, '--fail-on=blocking'], {
      env,
    });
    rmSync(planJson);
    expect({ code: fromJson.code, stderr: fromJson.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fromJson.stdout).toContain(summary);
  });
});
