/**
 * `npm run bench [-- --runs N] [--quick] [--with-tests] [--out FILE]`: times synth, our full
 * deployment path against plain Terraform JSON, local AWS, (optionally) the test tiers, audit,
 * consumer installs and plan review of hostile plans,
 * prints the figures as markdown and writes them to bench/RESULTS.md (a --quick smoke run
 * writes nothing unless --out says where). Everything it starts or creates is removed at the
 * end, on failure and on Ctrl-C.
 */
import { resolve } from 'node:path';
import { startLocalAws } from '../localstack/local-aws';
import { actionRuntimeSection } from './action-runtime';
import { auditScaleSection } from './audit-scale';
import { Cleanup } from './cleanup';
import { consumerInstallsSection } from './consumer-installs';
import { cpuShare, cpuSnapshot } from './cpu-share';
import { localAwsSection, stopAndRemoveLog } from './local-aws';
import { hostilePlansSection } from './hostile-plans';
import { describeMachine } from './machine';
import { parseOptions } from './options';
import { Section } from './results';
import { synthScaling } from './synth-scaling';
import { terraformOverhead } from './terraform-overhead';
import { testTiers } from './test-tiers';
import { renderResults, writeResults } from './write-results';

const started = performance.now();

function progress(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  // The pinned SDK clients warn on Node 20 that later releases need Node 22; the bench's output stays figures only.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // moto unless the caller chose a backend: the figures name the one they were measured on.
  const env = { ...process.env, LOCAL_AWS_BACKEND: process.env.LOCAL_AWS_BACKEND || 'moto' };
  const cpuStart = cpuSnapshot();
  const machine = describeMachine(env);
  const cleanup = new Cleanup();
  // `on`, not `once`: while a listener remains, local AWS's own signal hook leaves the stopping to
  // this cleanup. A Ctrl-C can arrive twice (from the terminal and relayed by tsx); one cleanup does.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      progress(`${signal}: cleaning up`);
      void cleanup.runAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const sections: Section[] = [];
  let backend: string;
  try {
    const synth = await synthScaling({ runs: options.runs, detectorCounts: options.detectorCounts, cleanup, progress });

    progress('local AWS: starting the instance the requests and terraform runs use');
    const localAws = await startLocalAws({ env });
    cleanup.add('stop local AWS', () => stopAndRemoveLog(localAws));
    backend = localAws.backend;
    const { runs, requests, detectorCreates } = options;
    const local = await localAwsSection({ runs, requests, detectorCreates, shared: localAws, env, cleanup, progress });
    const terraform = await terraformOverhead({ runs, localAws, cleanup, progress, processSynthMs: synth.processSynthMs });
    const audit = await auditScaleSection({ runs, detectors: options.auditDetectors, keys: options.auditKeys, localAws, progress });
    // Stopped now: the test tiers start their own, and moto's CPU counts as ours only once it has exited.
    await stopAndRemoveLog(localAws);
    sections.push(synth.section, terraform, local);

    if (options.withTests) sections.push(await testTiers(options.runs, progress));
    sections.push(audit);
    sections.push(await consumerInstallsSection({ runs: options.runs, progress }));
    sections.push(await hostilePlansSection({ runs: options.runs, progress }));
    sections.push(await actionRuntimeSection({ runs: options.runs, progress }));
  } finally {
    for (const failure of await cleanup.runAll()) progress(`cleanup failed: ${failure}`);
  }

  const cpuEnd = cpuSnapshot();
  const markdown = renderResults(
    {
      command: ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' '),
      machine,
      backend,
      elapsedMs: performance.now() - started,
      cpu: cpuStart && cpuEnd ? cpuShare(cpuStart, cpuEnd) : undefined,
    },
    sections,
  );
  process.stdout.write(`${markdown}\n`);
  if (options.out) {
    const file = resolve(options.out);
    writeResults(file, markdown);
    progress(`written to ${file}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  },
);
