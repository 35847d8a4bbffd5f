import { resolve } from 'node:path';
import { runCommand } from './command';
import { msFigure, Section } from './results';

const PROJECT_ROOT = resolve(__dirname, '..');
const TIERS = ['unit', 'plan', 'integration'] as const;

/**
 * Section 4 (--with-tests): each Jest tier as `npx jest --selectProjects TIER`, one after the
 * other in every run. A failing tier is timed all the same and named in the notes.
 */
export async function testTiers(runs: number, progress: (line: string) => void): Promise<Section> {
  const samples = new Map<string, number[]>(TIERS.map((t) => [t, []]));
  const totals: number[] = [];
  const notes: string[] = ['`npm test` also runs `tsc --noEmit` first; not timed here. The integration tier starts its own local AWS.'];
  for (let run = 1; run <= runs; run++) {
    let total = 0;
    for (const tier of TIERS) {
      progress(`tests: ${tier}, run ${run}/${runs}`);
      const result = await runCommand('npx', ['jest', '--selectProjects', tier], { cwd: PROJECT_ROOT, env: process.env });
      samples.get(tier)!.push(result.ms);
      total += result.ms;
      if (result.exitCode !== 0) {
        const lastLines = result.outputTail.trim().split('\n').slice(-5).join(' / ');
        notes.push(`${tier} tier exited ${result.exitCode ?? 'on a signal'} in run ${run}: ${lastLines}`);
      }
    }
    totals.push(total);
  }
  return {
    title: '4. Test tiers',
    figures: [...TIERS.map((tier) => msFigure(`npx jest --selectProjects ${tier}`, samples.get(tier)!)), msFigure('the three tiers together', totals)],
    ratios: [],
    notes,
  };
}
