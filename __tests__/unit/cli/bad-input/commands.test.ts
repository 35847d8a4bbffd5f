import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../cli/main';
import { KEY_POLICY_ORACLE } from '../../../fixtures/key-policy-oracle';

/** Literal policies of the oracle (account 123456789012, us-east-1), not the product's builder output. */
const oraclePolicy = (name: string) => KEY_POLICY_ORACLE.find((row) => row.name.startsWith(name))!.policy;
const GUIDE_POLICY = JSON.stringify(oraclePolicy("the guide's policy as shown today"));
const CHECK = ['key-policy', 'check', '--region', 'us-east-1', '--account', '123456789012'];
const dir = mkdtempSync(join(tmpdir(), 'cli-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a file of the temp folder, the commands' working directory; returns its name. */
function file(name: string, content: unknown): string {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

async function run(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => stdin, env: {}, cwd: dir });
  return { code, stdout, stderr };
}

const detector = { address: 'aws_cloudwatch_log_anomaly_detector.d', type: 'aws_cloudwatch_log_anomaly_detector', name: 'd' };

// Every case: exit 2, nothing on stdout, one line on stderr naming the input and the rule.
describe('bad input to every subcommand exits 2 with one line naming it', () => {
  test.each<[string, () => string[], string, string?]>([
    [
      'plan-review: {}',
      () => ['plan-review', file('empty.json', {})],
      "plan-review: empty.json is not the JSON of a saved plan (terraform show -json PLANFILE): 'format_version' must be a 1.x version string, got undefined",
    ],
    [
      'plan-review: []',
      () => ['plan-review', file('list.json', [])],
      'plan-review: list.json is not the JSON of a saved plan (terraform show -json PLANFILE): it must be an object, got a list',
    ],
    ['plan-review: not JSON', () => ['plan-review', file('text.json', 'plan')], 'plan-review: text.json is not JSON: '],
    [
      'plan-review: resource_changes a number',
      () => ['plan-review', file('five.json', { format_version: '1.2', resource_changes: 5 })],
      "plan-review: five.json is not the JSON of a saved plan (terraform show -json PLANFILE): 'resource_changes' must be a list, got 5",
    ],
    [
      'plan-review: a detector change without after',
      () => ['plan-review', file('no-after.json', { format_version: '1.2', resource_changes: [{ ...detector, change: { actions: ['update'], before: {} } }] })],
      "plan-review: no-after.json is not the JSON of a saved plan (terraform show -json PLANFILE): 'resource_changes[0]' (aws_cloudwatch_log_anomaly_detector.d) 'change.after' is missing (an object, or null)",
    ],
    [
      'plan-review: an unknown action',
      () => [
        'plan-review',
        file('bad-action.json', { format_version: '1.2', resource_changes: [{ ...detector, change: { actions: ['explode'], before: null, after: null } }] }),
      ],
      "plan-review: bad-action.json is not the JSON of a saved plan (terraform show -json PLANFILE): 'resource_changes[0]' (aws_cloudwatch_log_anomaly_detector.d) 'change.actions' must be a non-empty list of no-op, create, read, update, delete, forget, got [\"explode\"]",
    ],
    ['plan-review: a missing file', () => ['plan-review', join(dir, 'nowhere.json')], 'plan-review: cannot read '],
    [
      'plan-review: --fail-on',
      () => ['plan-review', file('ok.json', { format_version: '1.2', planned_values: {} }), '--fail-on=sometimes'],
      "plan-review: --fail-on must be one of blocking | replace | never, got 'sometimes'",
    ],
    [
      'plan-review: --format',
      () => ['plan-review', file('ok.json', { format_version: '1.2', planned_values: {} }), '--format', 'junit'],
      "plan-review: --format must be one of markdown | comment | sarif, got 'junit'",
    ],
    ['plan-review: --bogus', () => ['plan-review', '--bogus'], "plan-review: Unknown option '--bogus'"],
    [
      'plan-review: --config that does not exist',
      () => ['plan-review', file('ok2.json', { format_version: '1.2', planned_values: {} }), '--config', join(dir, 'nothing')],
      'plan-review: --config ',
    ],
    [
      'key-policy: no action',
      () => ['key-policy', '--region', 'us-east-1', '--account', '111122223333'],
      'key-policy: the first argument must be merge or check, got none',
    ],
    [
      'key-policy: --region nowhere',
      () => ['key-policy', 'check', '--region', 'nowhere', '--account', '111122223333'],
      "key-policy: --region must be an AWS region name like 'us-east-1', got 'nowhere'",
    ],
    [
      'key-policy: --account 12',
      () => ['key-policy', 'check', '--region', 'us-east-1', '--account', '12'],
      "key-policy: --account must be 12 digits, got '12'",
    ],
    [
      'key-policy: --partition of another region',
      () => ['key-policy', 'check', '--region', 'cn-north-1', '--account', '111122223333', '--partition', 'aws'],
      "key-policy: --partition must be aws-cn for region cn-north-1, got 'aws'",
    ],
    [
      'key-policy: --bogus',
      () => ['key-policy', 'check', '--region', 'us-east-1', '--account', '111122223333', '--bogus'],
      "key-policy: Unknown option '--bogus'",
    ],
    [
      'key-policy: empty stdin',
      () => ['key-policy', 'check', '--region', 'us-east-1', '--account', '111122223333'],
      'key-policy: no key policy on standard input',
      '',
    ],
    [
      'key-policy merge: a statement without Principal',
      () => ['key-policy', 'merge', '--region', 'us-east-1', '--account', '111122223333'],
      "key-policy: 'Statement[0].Principal' must be given: KMS refuses key policy statements without a principal",
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
    ],
    [
      'key-policy check: not JSON',
      () => ['key-policy', 'check', '--region', 'us-east-1', '--account', '111122223333'],
      'key-policy: the policy cannot be checked: ',
      '{',
    ],
    ['deploy: --bogus', () => ['deploy', '--bogus'], "deploy: Unknown option '--bogus'"],
    ['deploy: a folder without cdktf.json', () => ['deploy', '--app-dir', dir], `deploy: no cdktf.json in ${dir}: pass the folder of a cdktf app`],
    ['an unknown command', () => ['plan'], "kms-anomaly-detector: unknown command 'plan'; one of plan-review, key-policy, deploy, audit (--help tells more)"],
  ])('%s', async (_case, argv, message, stdin = GUIDE_POLICY) => {
    const result = await run(argv(), stdin);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.slice(0, message.length)).toBe(message);
    expect(result.stdout.replace(/^Synthesizing the app in .*\n/, '')).toBe('');
  });
});

describe('what the commands answer on good input', () => {
  test('key-policy check accepts the policy the CloudWatch Logs guide shows, exit 0', async () => {
    expect(await run(CHECK, GUIDE_POLICY)).toEqual({
      code: 0,
      stdout: 'OK: CloudWatch Logs may use this key for anomaly detectors of 123456789012 in us-east-1\n',
      stderr: '',
    });
  });

  test('key-policy check warns when Principal "*" may use the key with no condition', async () => {
    const guide = oraclePolicy("the guide's policy as shown today");
    const open = { ...guide, Statement: [...guide.Statement, { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] };
    const result = await run(CHECK, JSON.stringify(open));
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'WARNING: the key is open to every principal: a principal of any account may decrypt with it (Principal "*" without a condition?)',
    );
  });

  test('key-policy check does not warn about Principal "*" held to the encryption context', async () => {
    const result = await run(CHECK, JSON.stringify(oraclePolicy('Principal "*" under the context condition')));
    expect(result.stdout).not.toContain('WARNING');
    expect(result.stdout.split('\n')[0]).toBe('MISSING: CloudWatch Logs may not use this key for anomaly detectors of 123456789012 in us-east-1:');
  });

  test('plan-review of an empty configuration (no resource_changes) is no changes, exit 0', async () => {
    const result = await run(['plan-review', file('empty-config.json', { format_version: '1.2', planned_values: {}, configuration: {} })]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes.');
  });

  test('plan-review reads prevent_destroy from an HCL folder given as --config, and says when it could not', async () => {
    const key = {
      address: 'aws_kms_key.k',
      type: 'aws_kms_key',
      name: 'k',
      change: { actions: ['no-op'], before: { arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, after: {} },
    };
    const plan = file('key-plan.json', { format_version: '1.2', resource_changes: [key] });
    const hcl = mkdtempSync(join(dir, 'hcl-'));
    writeFileSync(join(hcl, 'main.tf'), 'resource "aws_kms_key" "k" {\n  description = "x"\n}\n');
    const unprotected = await run(['plan-review', plan, '--config', hcl]);
    expect(unprotected.code).toBe(1);
    expect(unprotected.stdout).toContain('(key-unprotected)');
    writeFileSync(join(hcl, 'main.tf'), 'resource "aws_kms_key" "k" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n');
    expect((await run(['plan-review', plan, '--config', hcl])).code).toBe(0);
    const unchecked = await run(['plan-review', plan]);
    expect(unchecked.stdout).toContain('> prevent_destroy could not be checked for `aws_kms_key.k`');
  });

  test('a root-only policy is MISSING, exit 1', async () => {
    const result = await run(CHECK, JSON.stringify(oraclePolicy("KMS's default key policy")));
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('MISSING: CloudWatch Logs may not use this key for anomaly detectors of 123456789012 in us-east-1:');
  });
});

describe('plan-review of several stacks', () => {
  const keyChange = (name: string, actions: string[]) => ({
    address: `aws_kms_key.${name}`,
    type: 'aws_kms_key',
    name,
    change: {
      actions,
      before: { arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      after: actions.includes('delete') ? null : {},
    },
  });

  test('reviews each plan with its own --config, titled, and exits with the worst', async () => {
    const kept = file('stack-a.json', { format_version: '1.2', resource_changes: [keyChange('k', ['no-op'])] });
    const deleted = file('stack-b.json', { format_version: '1.2', resource_changes: [keyChange('k', ['delete'])] });
    const protectedConfig = file('a.tf.json', { resource: { aws_kms_key: { k: { lifecycle: { prevent_destroy: true } } } } });
    const unprotectedConfig = file('b.tf.json', { resource: { aws_kms_key: {} } });
    const result = await run(['plan-review', kept, deleted, '--config', protectedConfig, '--config', unprotectedConfig]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('## Plan review: CloudWatch Logs anomaly detectors and their KMS keys (stack-a.json)');
    expect(result.stdout).toContain('## Plan review: CloudWatch Logs anomaly detectors and their KMS keys (stack-b.json)');
    expect(result.stdout.split('(key-deletion)')).toHaveLength(2);
    expect(result.stdout).not.toContain('(key-unprotected)');
  });

  test('refuses a --config count that matches neither one nor the plans', async () => {
    const a = file('p1.json', { format_version: '1.2', planned_values: {} });
    const config = file('c.tf.json', {});
    const result = await run(['plan-review', a, a, a, '--config', config, '--config', config]);
    expect(result).toMatchObject({ code: 2, stderr: 'plan-review: --config must be given once for all plans or once per plan: 3 plans, 2 --config\n' });
  });
});
