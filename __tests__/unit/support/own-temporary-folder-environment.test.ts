import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { removeToolLeftovers } from '../../support/own-temporary-folder-environment';

describe('the temporary folder of a test file', () => {
  test('is its own, for this process and the processes it starts', () => {
    const own = tmpdir();
    expect(basename(own)).toMatch(/^kms-anomaly-test-/);
    expect(process.env.TMPDIR).toBe(own);
    expect(spawnSync('sh', ['-c', 'echo "$TMPDIR"'], { encoding: 'utf8' }).stdout.trim()).toBe(own);
  });

  test("removeToolLeftovers removes the tools' folders and returns everything else, untouched", () => {
    const folder = mkdtempSync(join(tmpdir(), 'leftovers-'));
    try {
      mkdirSync(join(folder, 'cdktf.outdir.AbC123'));
      writeFileSync(join(folder, 'cdktf.outdir.AbC123', 'manifest.json'), '{}');
      mkdirSync(join(folder, 'tsx-0'));
      writeFileSync(join(folder, 'local-aws-moto-1-2.log'), 'moto');
      mkdirSync(join(folder, 'tfrc-x'));
      expect(removeToolLeftovers(folder).sort()).toEqual(['local-aws-moto-1-2.log', 'tfrc-x']);
      expect(readdirSync(folder).sort()).toEqual(['local-aws-moto-1-2.log', 'tfrc-x']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
