import { resolve } from 'node:path';
import { runCommand } from './command';
import { msFigure, Section } from './results';

const PROJECT_ROOT = resolve(__dirname, '..');
const TIERS = ['unit', 'plan', 'integration'] as const;
/** The integration tier against one example deploy, verify and destroy (issue 12's yardstick). */
const TIER_PER_START_TARGET = 3;
/** `npm test` as a whole on the 2-core machine. */
const NPM_TEST_TARGET_MS = 4 * 60_000;

/**
 * Section 4 (--with-tests), in every run one after the other: `npm start -- --once` (the
 * example deployed, verified and destroyed on its own local AWS), each Jest tier as
 * `npx jest --selectProjects TIER`, and `npm test` as a whole. A failing command is timed all
 * the same and named in the notes.
 */
export async function testTiers(runs: number, progress: (line: string) => void): Promise<Section> {
  const samples = new Map<string, number[]>(TIERS.map((t) => [t, []]));
  const starts: number[] = [];
  const totals: number[] = [];
  const npmTests: number[] = [];
  const notes: string[] = [
    '`npm start -- --once` starts a local AWS of its own (the environment names none); each integration tier starts its own too.',
    "`npm test` is `tsc --noEmit` (the action's sources too, with bundler resolution), lint, then Jest with every project in one run (three workers).",
  ];
  const timed = async (label: string, run: number, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
    progress(`tests: ${label}, run ${run}/${runs}`);
    const result = await runCommand(command, args, { cwd: PROJECT_ROOT, env });
    if (result.exitCode !== 0) {
      const lastLines = result.outputTail.trim().split('\n').slice(-5).join(' / ');
      notes.push(`${label} exited ${result.exitCode ?? 'on a signal'} in run ${run}: ${lastLines}`);
    }
    return result.ms;
  };
  const { AWS_ENDPOINT_URL: _endpoint, LOCAL_AWS_ENDPOINT: _local, ...ownLocalAws } = process.env;
  for (let run = 1; run <= runs; run++) {
    starts.push(await timed('npm start -- --once', run, 'npm', ['start', '--silent', '--', '--once'], ownLocalAws));
    let total = 0;
    for (const tier of TIERS) {
      const ms = await timed(`${tier} tier`, run, 'npx', ['jest', '--selectProjects', tier]);
      samples.get(tier)!.push(ms);
      total += ms;
    }
    totals.push(total);
    npmTests.push(await timed('npm test', run, 'npm', ['test', '--silent']));
  }
  const integration = samples.get('integration')!;
  return {
    title: '4. Test tiers',
    figures: [
      msFigure('`npm start -- --once` (deploy, verify, destroy of the example)', starts),
      ...TIERS.map((tier) => msFigure(`npx jest --selectProjects ${tier}`, samples.get(tier)!)),
      msFigure('the three tiers together', totals),
      msFigure('**`npm test` as a whole**', npmTests),
    ],
    ratios: [
      { label: '**integration tier / `npm start -- --once`**', samples: integration.map((ms, i) => ms / starts[i]), targetMax: TIER_PER_START_TARGET },
      { label: '`npm test` / 4 min', samples: npmTests.map((ms) => ms / NPM_TEST_TARGET_MS), targetMax: 1 },
    ],
    notes,
  };
}
