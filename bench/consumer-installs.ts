import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDKTF_AWS5, CDKTF_AWS6, CDKTN } from '../__tests__/support/consumer-toolchains';
import { installConsumerProject, packPackage } from '../__tests__/support/packed-project';
import { timed } from './measure';
import { msFigure, Section } from './results';

export interface ConsumerInstallsOptions {
  readonly runs: number;
  readonly progress: (line: string) => void;
}

/**
 * Section 6: what the consumer tests pay to install the packed package into a new project, per
 * toolchain: with an empty npm cache (a new machine: everything from the registry) and with the
 * cache that install left (the usual case, and CI's after `npm ci` for what the lock file holds).
 */
export async function consumerInstallsSection(options: ConsumerInstallsOptions): Promise<Section> {
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-bench-installs-'));
  try {
    options.progress('consumer installs: packing the package');
    const packed = packPackage(workspace);
    const figures = [];
    for (const toolchain of [CDKTF_AWS5, CDKTF_AWS6, CDKTN]) {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        const cache = join(workspace, `cache-${toolchain.name}-${run}`);
        const env = { ...process.env, npm_config_cache: cache };
        for (const [samples, label] of [
          [cold, 'empty'],
          [warm, 'warm'],
        ] as const) {
          options.progress(`consumer installs: ${toolchain.name}, run ${run + 1}, ${label} npm cache`);
          const name = `${toolchain.name}-${run}-${label}`;
          samples.push((await timed(() => installConsumerProject(workspace, name, packed, { install: toolchain.install, env }))).ms);
          rmSync(join(workspace, name), { recursive: true, force: true });
        }
        rmSync(cache, { recursive: true, force: true });
      }
      figures.push(msFigure(`${toolchain.name}: install, empty npm cache`, cold), msFigure(`${toolchain.name}: install, warm npm cache`, warm));
    }
    return {
      title: '6. Consumer installs',
      figures,
      ratios: [],
      notes: [
        'One new project per figure: the packed tarball (packed once, not timed) installed with `npm install --prefer-offline`.',
        `${CDKTF_AWS5.name} links the checkout's own dependencies and cdktf toolchain, as the package and consumer tests do; ${CDKTF_AWS6.name} and ${CDKTN.name} install their toolchain, TypeScript and @types/node from the registry, as a user on that toolchain would.`,
        'Empty: a new npm cache for the run. Warm: the cache the empty run just filled.',
      ],
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
