import { resolve } from 'node:path';
import { runCommand } from './command';
import { msFigure, Section } from './results';

const PROJECT_ROOT = resolve(__dirname, '..');
const TIERS = ['unit', 'plan', 'integration'] as const;
/** `npm test` as a whole on the 2-core machine. */
const NPM_TEST_TARGET_MS = 4 * 60_000;

/**
 * Section 4 (--with-tests), in every run one after the other: each Jest tier as
 * `npx jest --selectProjects TIER`, and `npm test` as a whole. A failing command is timed all
 * the same and named in the notes. The harness's speed is measured against the loop users know
 * in section 7, not against one `npm start`: a whole suite over one deploy says little.
 */
export async function testTiers(runs: number, progress: (line: string) => void): Promise<Section> {
  const samples = new Map<string, number[]>(TIERS.map((t) => [t, []]));
  const totals: number[] = [];
  const npmTests: number[] = [];
  const notes: string[] = [
    'Each integration tier starts a local AWS of its own.',
    "`npm test` is `tsc --noEmit` (the action's sources too, with bundler resolution), lint, then Jest with every project in one run (three workers).",
  ];
  const timed = async (label: string, run: number, command: string, args: string[]) => {
    progress(`tests: ${label}, run ${run}/${runs}`);
    const result = await runCommand(command, args, { cwd: PROJECT_ROOT, env: process.env });
    if (result.exitCode !== 0) {
      const lastLines = result.outputTail.trim().split('\n').slice(-5).join(' / ');
      notes.push(`${label} exited ${result.exitCode ?? 'on a signal'} in run ${run}: ${lastLines}`);
    }
    return result.ms;
  };
  for (let run = 1; run <= runs; run++) {
    let total = 0;
    for (const tier of TIERS) {
      const ms = await timed(`${tier} tier`, run, 'npx', ['jest', '--selectProjects', tier]);
      samples.get(tier)!.push(ms);
      total += ms;
    }
    totals.push(total);
    npmTests.push(await timed('npm test', run, 'npm', ['test', '--silent']));
  }
  return {
    title: '4. Test tiers',
    figures: [
      ...TIERS.map((tier) => msFigure(`npx jest --selectProjects ${tier}`, samples.get(tier)!)),
      msFigure('the three tiers together', totals),
      msFigure('**`npm test` as a whole**', npmTests),
    ],
    ratios: [{ label: '`npm test` / 4 min', samples: npmTests.map((ms) => ms / NPM_TEST_TARGET_MS), targetMax: 1 }],
    notes,
  };
}
