import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanJson } from '../../../terraform-runner/plan-json';
import { CommandResult, runCommand } from '../../support/run-command';

/** Runs `npm run plan-review` on a plan as CI would, from a file. */
export async function runPlanReview(plan: PlanJson, args: string[]): Promise<CommandResult> {
  const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  try {
    return await runCommand('npm', ['run', '--silent', 'plan-review', '--', file, ...args]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
