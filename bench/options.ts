import { join } from 'node:path';

/** What `npm run bench -- ...` was asked to do. */
export interface BenchOptions {
  /** Timed repetitions of every figure. */
  readonly runs: number;
  /** Also time each Jest tier (`npx jest --selectProjects TIER`). */
  readonly withTests: boolean;
  /** Where the markdown goes; undefined: printed only. */
  readonly out?: string;
  /** Stack sizes whose synth time shows how synth grows. */
  readonly detectorCounts: readonly number[];
  /** Forwarded requests per run and path when timing the gateway's overhead. */
  readonly requests: number;
  /** CreateLogAnomalyDetector/Delete pairs per run and key choice. */
  readonly detectorCreates: number;
  /** Detectors, and the keys they share, that audit reads. */
  readonly auditDetectors: number;
  readonly auditKeys: number;
  /** Numbers of lifecycle scenarios run by both loops of section 7. */
  readonly scenarioCounts: readonly number[];
  /** Run only this section (its name in SECTIONS); undefined: all of them. */
  readonly only?: BenchSection;
}

/** The sections `--only` can name, in the order a full run takes them. */
export const SECTIONS = ['synth', 'terraform', 'local-aws', 'tests', 'audit', 'consumer-installs', 'hostile-plans', 'action', 'scenario-loops'] as const;
export type BenchSection = (typeof SECTIONS)[number];

const USAGE = `usage: npm run bench -- [--runs N] [--quick] [--with-tests] [--only ${SECTIONS.join('|')}] [--scenarios N,N...] [--out FILE]`;
const DEFAULT_OUT = join(__dirname, 'RESULTS.md');

// Without section 7 the full bench takes about 7 minutes on an otherwise idle 2-core machine,
// most of it six terraform applies and six destroys of 20-30 s each; section 7 (4 and 8
// scenarios, both loops, three runs) adds over an hour on a shared machine (one run of 8: 18 min). --quick is a smoke run of the same
// paths (section 7 with 2 scenarios).
const FULL = { runs: 3, detectorCounts: [1, 10, 100], requests: 200, detectorCreates: 20, auditDetectors: 1000, auditKeys: 10, scenarioCounts: [4, 8] };
const QUICK = { runs: 1, detectorCounts: [1, 10], requests: 20, detectorCreates: 3, auditDetectors: 50, auditKeys: 5, scenarioCounts: [2] };

function value(args: readonly string[], i: number, name: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value; ${USAGE}`);
  return v;
}

/** Parses the bench's arguments; a quick run, or one of a single section, writes no file unless --out says where. */
export function parseOptions(args: readonly string[]): BenchOptions {
  let runs: number | undefined;
  let out: string | undefined;
  let quick = false;
  let withTests = false;
  let only: BenchSection | undefined;
  let scenarioCounts: number[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--with-tests') withTests = true;
    else if (arg === '--runs') {
      const text = value(args, i++, arg);
      runs = Number(text);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, got '${text}'`);
    } else if (arg === '--out') out = value(args, i++, arg);
    else if (arg === '--scenarios') {
      const text = value(args, i++, arg);
      scenarioCounts = text.split(',').map(Number);
      if (!scenarioCounts.every((n) => Number.isInteger(n) && n >= 1))
        throw new Error(`--scenarios must be whole numbers of at least 1, comma-separated, got '${text}'`);
    } else if (arg === '--only') {
      const text = value(args, i++, arg);
      if (!(SECTIONS as readonly string[]).includes(text)) throw new Error(`--only must be one of ${SECTIONS.join(' | ')}, got '${text}'`);
      only = text as BenchSection;
    } else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  const sizes = quick ? QUICK : FULL;
  // A run of one section writes no file unless --out says where: RESULTS.md holds whole runs' sections.
  const partial = quick || only !== undefined;
  return {
    ...sizes,
    scenarioCounts: scenarioCounts ?? sizes.scenarioCounts,
    runs: runs ?? sizes.runs,
    withTests: withTests || only === 'tests',
    only,
    out: out ?? (partial ? undefined : DEFAULT_OUT),
  };
}
