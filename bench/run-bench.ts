/**
 * `npm run bench [-- --runs N] [--quick] [--with-tests] [--only SECTION] [--out FILE]`: times
 * synth, our full deployment path against plain Terraform JSON, local AWS, (optionally) the test
 * tiers, audit at scale, consumer installs, plan review of hostile plans, the plan review action
 * from a clean checkout, and lifecycle scenarios in lock step against a working directory each,
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
import { BenchSection, parseOptions } from './options';
import { Section } from './results';
import { scenarioLoopsSection } from './scenario-loops';
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
  const want = (section: BenchSection) => options.only === undefined || options.only === section;
  let backend = 'none';
  try {
    // Section 2 compares with section 1's whole-process synth, so it needs section 1 run.
    const synth =
      want('synth') || want('terraform') ? await synthScaling({ runs: options.runs, detectorCounts: options.detectorCounts, cleanup, progress }) : undefined;
    if (synth && want('synth')) sections.push(synth.section);

    if ((['terraform', 'local-aws', 'audit', 'scenario-loops'] as const).some(want)) {
      progress('local AWS: starting the instance the requests and terraform runs use');
      const localAws = await startLocalAws({ env });
      cleanup.add('stop local AWS', () => stopAndRemoveLog(localAws));
      backend = localAws.backend;
      const { runs, requests, detectorCreates } = options;
      if (synth && want('terraform')) sections.push(await terraformOverhead({ runs, localAws, cleanup, progress, processSynthMs: synth.processSynthMs }));
      if (want('local-aws')) sections.push(await localAwsSection({ runs, requests, detectorCreates, shared: localAws, env, cleanup, progress }));
      const audit = want('audit')
        ? await auditScaleSection({ runs, detectors: options.auditDetectors, keys: options.auditKeys, localAws, progress })
        : undefined;
      const loops = want('scenario-loops')
        ? await scenarioLoopsSection({ runs, scenarioCounts: options.scenarioCounts, localAws, cleanup, progress })
        : undefined;
      // Stopped now: the test tiers start their own, and moto's CPU counts as ours only once it has exited.
      await stopAndRemoveLog(localAws);
      if (options.withTests) sections.push(await testTiers(options.runs, progress));
      if (audit) sections.push(audit);
      if (want('consumer-installs')) sections.push(await consumerInstallsSection({ runs: options.runs, progress }));
      if (loops) sections.push(loops);
    } else {
      if (options.withTests) sections.push(await testTiers(options.runs, progress));
      if (want('consumer-installs')) sections.push(await consumerInstallsSection({ runs: options.runs, progress }));
    }
    if (want('hostile-plans')) sections.push(await hostilePlansSection({ runs: options.runs, progress }));
    if (want('action')) sections.push(await actionRuntimeSection({ runs: options.runs, progress }));
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
