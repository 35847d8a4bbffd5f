import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeGitHub } from '../__tests__/support/fake-github';
import { timeMs } from './measure';
import { msFigure, Section } from './results';
import { renderSection } from './write-results';

const ROOT = resolve(__dirname, '..');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REPOSITORY = 'acme/infra';

export interface ActionRuntimeOptions {
  readonly runs: number;
  readonly progress: (line: string) => void;
}

/** A repository under review: two roots, one plan with a key deletion, one HCL folder read for prevent_destroy. */
function writeReviewedRepository(dir: string): void {
  const plan = (actions: string[], after: object | null) =>
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [{ address: 'aws_kms_key.main', type: 'aws_kms_key', name: 'main', change: { actions, before: { arn: KEY }, after } }],
    });
  mkdirSync(join(dir, 'a'), { recursive: true });
  mkdirSync(join(dir, 'b', 'infra'), { recursive: true });
  writeFileSync(join(dir, 'a', 'plan.json'), plan(['delete'], null));
  writeFileSync(join(dir, 'b', 'plan.json'), plan(['no-op'], { arn: KEY }));
  writeFileSync(join(dir, 'b', 'infra', 'main.tf'), 'resource "aws_kms_key" "main" {\n  description = "detectors"\n}\n');
  writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 1 } }));
}

/** This repository at HEAD, as `actions/checkout` of the action's ref leaves it: committed files only, no node_modules. */
function cleanCheckout(dir: string): void {
  mkdirSync(dir);
  execFileSync('sh', ['-c', 'git archive --format=tar HEAD | tar -x -C "$1"', 'sh', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs a command to its end; a non-zero exit other than `allowed` fails the bench. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, allowed: readonly number[] = [0]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      allowed.includes(code ?? -1) ? done() : fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

/**
 * Section 7: the plan review action from a clean checkout of its ref, before and after it became
 * a bundled JavaScript action. Before: what the composite action did on a runner, `npm ci` of
 * this repository (an empty npm cache, as on a new runner, and a warm one) and the CLI through
 * tsx. After: `node action/dist/index.js` in the checkout as it is, commenting on a local fake of
 * GitHub's API. Both review the same two plans, the second with an HCL folder as its configuration.
 */
export async function actionRuntimeSection(options: ActionRuntimeOptions): Promise<Section> {
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-bench-action-'));
  const github = new FakeGitHub(REPOSITORY);
  try {
    const apiUrl = await github.start();
    const repository = join(workspace, 'repository');
    writeReviewedRepository(repository);
    const npmCi: number[] = [];
    const npmCiWarm: number[] = [];
    const cli: number[] = [];
    const action: number[] = [];
    const actionNoHcl: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const checkout = join(workspace, `checkout-${i}`);
      cleanCheckout(checkout);
      const summary = join(workspace, `summary-${i}.md`);
      const output = join(workspace, `output-${i}`);
      writeFileSync(summary, '');
      writeFileSync(output, '');
      const runnerEnv = {
        PATH: process.env.PATH,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(repository, 'event.json'),
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: apiUrl,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: workspace,
        'INPUT_GITHUB-TOKEN': 'bench',
        'INPUT_PLAN-JSON': 'a/plan.json\nb/plan.json',
      };
      options.progress(`action runtime: run ${i + 1}, node on the bundle in a clean checkout`);
      action.push(
        await timeMs(() =>
          run(process.execPath, [join(checkout, 'action', 'dist', 'index.js')], repository, { ...runnerEnv, INPUT_CONFIG: 'a/plan.json\nb/infra' }, [1]),
        ),
      );
      actionNoHcl.push(
        await timeMs(() =>
          run(process.execPath, [join(checkout, 'action', 'dist', 'index.js')], repository, { ...runnerEnv, 'INPUT_COMMENT-KEY': 'no-hcl' }, [1]),
        ),
      );

      const cache = join(workspace, `npm-cache-${i}`);
      const npmEnv = { ...process.env, npm_config_cache: cache };
      options.progress(`action runtime: run ${i + 1}, npm ci of the checkout, empty npm cache`);
      npmCi.push(await timeMs(() => run('npm', ['ci', '--no-audit', '--no-fund'], checkout, npmEnv)));
      options.progress(`action runtime: run ${i + 1}, the CLI through tsx, as the composite action ran it`);
      const tsx = join(checkout, 'node_modules', '.bin', 'tsx');
      const cliArgs = [
        join(checkout, 'bin', 'kms-anomaly-detector.ts'),
        'plan-review',
        'a/plan.json',
        'b/plan.json',
        '--config',
        'a/plan.json',
        '--config',
        'b/infra',
      ];
      cli.push(await timeMs(() => run(tsx, cliArgs, repository, { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, [1])));
      rmSync(join(checkout, 'node_modules'), { recursive: true, force: true });
      options.progress(`action runtime: run ${i + 1}, npm ci of the checkout, warm npm cache`);
      npmCiWarm.push(await timeMs(() => run('npm', ['ci', '--no-audit', '--no-fund'], checkout, npmEnv)));
      rmSync(checkout, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
    const composite = npmCi.map((ms, i) => ms + cli[i]);
    const compositeWarm = npmCiWarm.map((ms, i) => ms + cli[i]);
    return {
      title: '9. The plan review action from a clean checkout',
      figures: [
        msFigure('before (composite): npm ci, empty npm cache', npmCi),
        msFigure('before (composite): npm ci, warm npm cache', npmCiWarm),
        msFigure('before (composite): plan-review through tsx', cli),
        msFigure('before (composite): total, empty npm cache', composite),
        msFigure('before (composite): total, warm npm cache', compositeWarm),
        msFigure('after (node24 bundle): review, summary, comment', action),
        msFigure('after (node24 bundle): the same without the HCL configuration', actionNoHcl),
      ],
      ratios: [],
      notes: [
        'The same two plans each way, the second with a folder of .tf files as its configuration (read by the hcl2json WebAssembly); the comment goes to a local fake of the GitHub API on 127.0.0.1.',
        "Not timed either way: the runner's download of the action's ref, and actions/setup-node, which the composite action also ran. The composite action ran the CLI a second time for sarif-file.",
        'The last figure leaves the HCL configuration out: compiling the WebAssembly is most of what the bundle spends.',
      ],
    };
  } finally {
    await github.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 1);
  void actionRuntimeSection({ runs, progress: (line) => process.stderr.write(`${line}\n`) }).then((section) => process.stdout.write(renderSection(section)));
}
