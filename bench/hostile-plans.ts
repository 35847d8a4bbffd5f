import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostileCase, hostileCorpus } from '../__tests__/support/hostile-corpus';
import { findingLocator } from '../cli/plan-review/finding-locations';
import { fitComment } from '../cli/plan-review/fit-comment';
import { renderMarkdown } from '../cli/plan-review/render-markdown';
import { renderSarif } from '../cli/plan-review/render-sarif';
import { reviewPlan } from '../cli/plan-review/review-plan';
import { PlanJson } from '../terraform-runner/plan-json';
import { timeMs } from './measure';
import { msFigure, Ratio, Section } from './results';

/** What each case must stay under: the target for any plan of the corpus. */
const TARGET_MS = 1000;

/** One full review of a case as the CLI and the action do it: review, markdown, the fitted comment, SARIF anchored in its configuration. */
function reviewWhole(hostileCase: HostileCase, dir: string): void {
  const review = reviewPlan(hostileCase.plan as unknown as PlanJson);
  renderMarkdown(review);
  fitComment([{ review }]);
  const config = hostileCase.config === undefined ? undefined : join(dir, 'main.tf.json');
  renderSarif([{ review, locate: findingLocator(join(dir, 'plan.json'), config, dir), root: 'main.tf.json' }], 'bench');
}

/**
 * The hostile corpus of the tests (injection, backtracking wildcards, 500 and 2,000 accounts, an
 * oversized address, misleading addresses), each reviewed in this process: every case must stay
 * under a second.
 */
export async function hostilePlansSection(options: { readonly runs: number; readonly progress: (line: string) => void }): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  try {
    const figures = [];
    const worst: number[] = Array.from({ length: options.runs }, () => 0);
    for (const hostileCase of hostileCorpus()) {
      options.progress(`hostile plans: ${hostileCase.name}`);
      writeFileSync(join(dir, 'plan.json'), JSON.stringify(hostileCase.plan));
      if (hostileCase.config !== undefined) writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(hostileCase.config, null, 2));
      const samples: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        samples.push(await timeMs(() => reviewWhole(hostileCase, dir)));
        worst[run] = Math.max(worst[run], samples[run]);
      }
      figures.push(msFigure(`hostile plan: ${hostileCase.name}`, samples));
    }
    const ratios: Ratio[] = [{ label: `slowest hostile plan / ${TARGET_MS} ms`, samples: worst.map((ms) => ms / TARGET_MS), targetMax: 1 }];
    return {
      title: '8. Hostile plans',
      figures,
      ratios,
      notes: [
        "Each case of `__tests__/support/hostile-corpus.ts` reviewed in the bench process: reviewPlan, the markdown, the fitted comment and SARIF anchored in the case's configuration (none: the plan file). The first run includes warming up the evaluator.",
        'Before the linear matcher and the parsed-once policy (d15371f), the same plans through `plan-review` took: 8 `*?` pairs in a Resource or a StringLike, and 2,000 accounts, over 120 s (stopped); 500 accounts 53 s; an address of 100,000 `[` (SARIF) over 120 s.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
