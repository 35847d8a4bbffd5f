import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ACTION_BUNDLE, bundleAction } from '../../bin/build-action';
import { FakeGitHub } from '../support/fake-github';
import { hostileCorpus } from '../support/hostile-corpus';
import { PROJECT_ROOT } from '../support/run-command';

const REPOSITORY = 'acme/infra';
const PULL_REQUEST = 7;
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const MARKER = '<!-- kms-anomaly-detector plan-review -->';
const markerOf = (key: string) => `<!-- kms-anomaly-detector plan-review key=${key} -->`;

/** A `terraform show -json` plan with one change to the key `aws_kms_key.main`. */
const keyPlan = (actions: string[], after: object | null) =>
  JSON.stringify({
    format_version: '1.2',
    resource_changes: [{ address: 'aws_kms_key.main', type: 'aws_kms_key', name: 'main', change: { actions, before: { arn: KEY }, after } }],
  });
const KEY_DELETED = keyPlan(['delete'], null);
const KEY_KEPT = keyPlan(['no-op'], { arn: KEY });
const NO_CHANGES = JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} } });

interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** `name<<DELIMITER`, value lines, `DELIMITER`: how @actions/core writes to GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.indexOf(m[2], i + 1);
    outputs[m[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

describe('the GitHub action, run as the runner runs it: node on the committed bundle', () => {
  let workspace: string;
  let github: FakeGitHub;
  let apiUrl: string;
  let runs = 0;

  beforeEach(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-action-'));
    for (const root of ['roots/a', 'roots/b/infra']) mkdirSync(join(workspace, 'repo', root), { recursive: true });
    writeFileSync(join(workspace, 'repo', 'roots/a/plan.json'), KEY_DELETED);
    writeFileSync(join(workspace, 'repo', 'roots/b/plan.json'), KEY_KEPT);
    // HCL: read by @cdktf/hcl2json's WebAssembly, which the bundle carries.
    writeFileSync(join(workspace, 'repo', 'roots/b/infra/main.tf'), 'resource "aws_kms_key" "main" {\n  description = "detectors"\n}\n');
    writeFileSync(join(workspace, 'event.json'), JSON.stringify({ pull_request: { number: PULL_REQUEST } }));
    github = new FakeGitHub(REPOSITORY);
    apiUrl = await github.start();
  });

  afterEach(async () => {
    await github.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Runs the bundle with `inputs` as INPUT_* variables and fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
  async function runAction(inputs: Record<string, string>): Promise<ActionRun> {
    const run = join(workspace, `run-${++runs}`);
    mkdirSync(run);
    const output = join(run, 'output');
    const summary = join(run, 'summary.md');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(workspace, 'event.json'),
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_API_URL: apiUrl,
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: `refs/pull/${PULL_REQUEST}/merge`,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: run,
      'INPUT_GITHUB-TOKEN': 'test-token',
      'INPUT_COMMENT-AUTHOR': 'github-actions[bot]',
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    const child = spawn(process.execPath, [ACTION_BUNDLE], { cwd: join(workspace, 'repo'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, stdout, outputs: parseOutputs(readFileSync(output, 'utf8')), summary: readFileSync(summary, 'utf8') };
  }

  const commentsOnPullRequest = () => github.comments.get(PULL_REQUEST) ?? [];

  test('creates its comment, then updates that same comment when the plan changes; outputs, summary and exit code follow the review', async () => {
    const first = await runAction({ 'plan-json': 'roots/a/plan.json' });
    expect(first.status).toBe(1);
    expect(first.outputs['exit-code']).toBe('1');
    expect(first.summary).toContain('## Plan review: CloudWatch Logs anomaly detectors and their KMS keys');
    expect(first.summary).toContain('(key-deletion)');
    expect(readFileSync(first.outputs['markdown-file'], 'utf8')).toBe(first.summary);
    expect(first.stdout).toContain('::error title=kms-anomaly-detector plan review::exit 1 (fail-on: blocking)');
    const [created] = commentsOnPullRequest();
    expect(commentsOnPullRequest()).toHaveLength(1);
    expect(created.body).toBe(`${MARKER}\n${first.summary}`);
    expect(github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments`,
    ]);
    expect(github.requests.every((r) => r.authorization === 'token test-token')).toBe(true);

    writeFileSync(join(workspace, 'repo', 'roots/a/plan.json'), NO_CHANGES);
    const second = await runAction({ 'plan-json': 'roots/a/plan.json' });
    expect(second.status).toBe(0);
    expect(second.outputs['exit-code']).toBe('0');
    expect(second.summary).toContain('No changes.');
    expect(second.summary).not.toContain('(key-deletion)');
    expect(commentsOnPullRequest()).toEqual([{ id: created.id, body: `${MARKER}\n${second.summary}`, user: { login: 'github-actions[bot]' } }]);
    expect(github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${created.id}`,
    ]);
  });

  test('a review longer than a comment is cut in the comment (blocking first, pointing to the summary) and whole in the summary', async () => {
    const wide = hostileCorpus().find((c) => c.name === 'policy naming 500 accounts, all dropped')!;
    writeFileSync(join(workspace, 'repo', 'roots/a/plan.json'), JSON.stringify(wide.plan));
    const run = await runAction({ 'plan-json': 'roots/a/plan.json' });
    expect(run.status).toBe(1);
    expect(run.summary.length).toBeGreaterThan(65_536);
    expect(run.summary.match(/\(key-policy-narrowed\)/g)).toHaveLength(500);
    const [comment] = commentsOnPullRequest();
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    expect(comment.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comment.body).toContain('This review is cut to fit a pull-request comment');
    expect(comment.body).toContain('The full review is in the job summary of this workflow run');
    expect(comment.body).toMatch(/… and \d+ more blocking findings, in the full review/);
  });

  test('two comment keys keep two comments, each updated on its own; the configuration folder is read as HCL', async () => {
    await runAction({ 'plan-json': 'roots/a/plan.json', 'comment-key': 'root-a' });
    const b = await runAction({ 'plan-json': 'roots/b/plan.json', config: 'roots/b/infra', 'comment-key': 'root-b' });
    // Without the configuration the review could not know the key lacks prevent_destroy.
    expect(b.summary).toContain('(key-unprotected)');
    expect(b.summary).toContain('(roots/b/plan.json)');
    expect(b.status).toBe(1);
    writeFileSync(join(workspace, 'repo', 'roots/a/plan.json'), NO_CHANGES);
    const a = await runAction({ 'plan-json': 'roots/a/plan.json', 'comment-key': 'root-a' });
    const comments = commentsOnPullRequest();
    expect(comments.map((c) => c.body.split('\n', 1)[0])).toEqual([markerOf('root-a'), markerOf('root-b')]);
    expect(comments[0].body).toBe(`${markerOf('root-a')}\n${a.summary}`);
    expect(comments[1].body).toBe(`${markerOf('root-b')}\n${b.summary}`);
  });

  test('globs and lists: every plan that roots/*/plan.json matches is reviewed, in one comment, with one configuration per plan', async () => {
    const run = await runAction({ 'plan-json': 'roots/*/plan.json', config: 'roots/a/plan.json\nroots/b/infra\n' });
    expect(run.status).toBe(1);
    expect(run.summary).toContain('(roots/a/plan.json)');
    expect(run.summary).toContain('(roots/b/plan.json)');
    expect(run.summary).toContain('(key-deletion)');
    expect(run.summary).toContain('(key-unprotected)');
    expect(commentsOnPullRequest()).toHaveLength(1);
  });

  test("another author's comment that carries the marker is left alone", async () => {
    const planted = github.seed(PULL_REQUEST, `${MARKER}\nall clear`, 'someone');
    await runAction({ 'plan-json': 'roots/a/plan.json' });
    const comments = commentsOnPullRequest();
    expect(comments).toHaveLength(2);
    expect(comments[0]).toEqual({ id: planted.id, body: `${MARKER}\nall clear`, user: { login: 'someone' } });
    expect(comments[1].body).toContain('(key-deletion)');
  });

  test('a comment the token may not write fails the step with exit 2, after the summary is written', async () => {
    github.failWritesWith = 403;
    writeFileSync(join(workspace, 'repo', 'roots/a/plan.json'), NO_CHANGES);
    const run = await runAction({ 'plan-json': 'roots/a/plan.json' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.summary).toContain('No changes.');
    expect(run.stdout).toContain('Resource not accessible by integration');
  });

  test('a failed SARIF upload fails the step with exit 2 and still writes the comment', async () => {
    github.failSarifWith = 403;
    const run = await runAction({ 'plan-json': 'roots/a/plan.json', 'upload-sarif': 'true' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stdout).toContain('::error::SARIF log: Advanced Security must be enabled for this repository to use code scanning.');
    expect(commentsOnPullRequest().map((c) => c.body)).toEqual([`${MARKER}\n${run.summary}`]);
    expect(run.summary).toContain('(key-deletion)');
  });

  test('a plan-json line that matches nothing fails with exit 2 naming the input; the summary and comment say the review failed', async () => {
    const run = await runAction({ 'plan-json': 'roots/a/plan.json\nroots/c/plan.json' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stdout).toContain(`input 'plan-json': "roots/c/plan.json" matches no file or folder`);
    expect(run.summary).toBe('**kms-anomaly-detector plan review failed** (exit 2): see the job log.\n');
    expect(commentsOnPullRequest().map((c) => c.body)).toEqual([`${MARKER}\n${run.summary}`]);
  });

  test('a glob that matches a path with markdown in its name is refused before the name reaches the comment', async () => {
    mkdirSync(join(workspace, 'repo', 'roots', '[x](https:'), { recursive: true });
    writeFileSync(join(workspace, 'repo', 'roots', '[x](https:', 'plan.json'), NO_CHANGES);
    const run = await runAction({ 'plan-json': 'roots/*/plan.json' });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      `input 'plan-json': "roots/*/plan.json" matches "roots/[x](https:/plan.json"; a path must be up to 200 letters, digits and . _ / @ + = -`,
    );
    expect(run.summary).toBe('**kms-anomaly-detector plan review failed** (exit 2): see the job log.\n');
  });

  test('an input it refuses fails with exit 2 naming the input and the rule, and posts nothing', async () => {
    const run = await runAction({ 'plan-json': 'roots/a/plan.json', 'fail-on': 'sometimes' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stdout).toContain(`::error::input 'fail-on' must be one of blocking, replace, never, got "sometimes"`);
    expect(run.summary).toBe('**kms-anomaly-detector plan review failed** (exit 2): see the job log.\n');
    expect(github.requests).toEqual([]);
  });

  test('outside a pull request it writes the summary and posts no comment', async () => {
    writeFileSync(join(workspace, 'event.json'), JSON.stringify({ ref: 'refs/heads/main' }));
    const run = await runAction({ 'plan-json': 'roots/a/plan.json' });
    expect(run.status).toBe(1);
    expect(run.summary).toContain('(key-deletion)');
    expect(github.requests).toEqual([]);
  });

  test('pull-request comments on the pull request it names, from an event that is not about one (a workflow_run job)', async () => {
    writeFileSync(join(workspace, 'event.json'), JSON.stringify({ workflow_run: { id: 1 } }));
    const run = await runAction({ 'plan-json': 'roots/a/plan.json', 'pull-request': '12' });
    expect(run.status).toBe(1);
    expect(github.comments.get(12)?.map((c) => c.body)).toEqual([`${MARKER}\n${run.summary}`]);
    expect(commentsOnPullRequest()).toEqual([]);
  });

  test('sarif-file gets the SARIF log; upload-sarif sends it gzipped to code scanning under the comment key', async () => {
    const run = await runAction({
      'plan-json': 'roots/a/plan.json',
      'sarif-file': 'review.sarif',
      'upload-sarif': 'true',
      'comment-key': 'root-a',
      comment: 'false',
    });
    expect(run.status).toBe(1);
    expect(run.outputs['sarif-file']).toBe('review.sarif');
    const sarif = JSON.parse(readFileSync(join(workspace, 'repo', 'review.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0].results.map((r) => r.ruleId)).toEqual(['key-deletion']);
    const [upload] = github.sarifUploads as Array<{ commit_sha: string; ref: string; sarif: string }>;
    expect(upload).toMatchObject({ commit_sha: 'a'.repeat(40), ref: `refs/pull/${PULL_REQUEST}/merge` });
    const uploaded = JSON.parse(gunzipSync(Buffer.from(upload.sarif, 'base64')).toString('utf8')) as { runs: Array<{ automationDetails: { id: string } }> };
    expect(uploaded.runs[0].automationDetails).toEqual({ id: 'kms-anomaly-detector-plan-review/root-a' });
    expect(commentsOnPullRequest()).toEqual([]);
  });
});

describe('the committed bundle', () => {
  test('is byte for byte what the build makes of action/ now (run `npm run build:action` and commit action/dist/ when it is not)', async () => {
    expect(await bundleAction()).toBe(readFileSync(ACTION_BUNDLE, 'utf8'));
  });

  test("action.yml keeps today's inputs and outputs (node-version only deprecated) and adds the comment key, author and token", () => {
    const action = readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8');
    const names = (block: string) =>
      [
        ...action
          .split(`\n${block}:\n`)[1]
          .split(/\n\S/)[0]
          .matchAll(/^ {2}([a-z-]+):$/gm),
      ].map((m) => m[1]);
    expect(names('inputs')).toEqual([
      'plan-json',
      'config',
      'fail-on',
      'comment',
      'comment-key',
      'pull-request',
      'comment-author',
      'github-token',
      'sarif-file',
      'upload-sarif',
      'node-version',
    ]);
    expect(names('outputs')).toEqual(['exit-code', 'markdown-file', 'sarif-file']);
    expect(action).toContain('  node-version:\n    description: Ignored;');
  });

  test('action.yml runs it on Node 24, with no install step', () => {
    const action = readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8');
    expect(action).toMatch(/\nruns:\n {2}using: node24\n {2}main: action\/dist\/index\.js\n$/);
    expect(action).not.toMatch(/npm (ci|install)|composite/);
  });
});
