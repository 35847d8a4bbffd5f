import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlanJson } from '../../../tools/plan-json';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs `npm run plan-review` on a plan as CI would, from a file. */
export async function runPlanReview(plan: PlanJson, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  try {
    return await new Promise((done) => {
      const child = spawn('npm', ['run', '--silent', 'plan-review', '--', file, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
