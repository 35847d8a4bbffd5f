import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT, runCommand } from '../support/run-command';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';

const WORKFLOW = resolve(PROJECT_ROOT, '.github', 'workflows', 'plan-review.yml');

/** The part of a GitHub workflow file the test reads. */
interface Workflow {
  jobs: Record<string, { steps: Array<{ run?: string }> }>;
}

// The GitHub workflow's command, run here as CI would run it (local AWS instead of a role).
describe('npm run plan-review with no plan file', () => {
  test('the workflow is valid YAML and runs the npm script', () => {
    const parsed = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', WORKFLOW], { encoding: 'utf8' });
    expect(parsed.status).toBe(0);
    const steps = (JSON.parse(parsed.stdout) as Workflow).jobs['plan-review'].steps;
    expect(steps.map((s) => s.run ?? '').join('\n')).toContain('npm run --silent plan-review -- --fail-on=blocking > plan-review.md');
  });

  test('synthesizes main.ts, plans it against the account and prints the review', async () => {
    const local = localAwsEnv();
    const env = { ...process.env, AWS_ENDPOINT_URL: local.endpoint, NAME_PREFIX: uniqueName('review') };
    const { code, stdout, stderr } = await runCommand('npm', ['run', '--silent', 'plan-review', '--', '--fail-on=blocking'], { env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('**6 to add, 0 to change, 0 to replace, 0 to destroy** · 0 blocking, 0 warnings');
    expect(stdout).toMatch(/\| `aws_cloudwatch_log_anomaly_detector\.detector_Detector_[0-9A-F]+` \| create \| `new detector, key \(known after apply\)` \|/);
    expect(readFileSync(WORKFLOW, 'utf8')).toContain('--fail-on=blocking');
  });
});
