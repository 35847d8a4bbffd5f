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
}

const USAGE = 'usage: npm run bench -- [--runs N] [--quick] [--with-tests] [--out FILE]';
const DEFAULT_OUT = join(__dirname, 'RESULTS.md');

// The full bench takes about 7 minutes on an otherwise idle 2-core machine, most of it six
// terraform applies and six destroys of 20-30 s each; --quick is a smoke run of the same paths.
const FULL = { runs: 3, detectorCounts: [1, 10, 100], requests: 200, detectorCreates: 20, auditDetectors: 1000, auditKeys: 10 };
const QUICK = { runs: 1, detectorCounts: [1, 10], requests: 20, detectorCreates: 3, auditDetectors: 50, auditKeys: 5 };

function value(args: readonly string[], i: number, name: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value; ${USAGE}`);
  return v;
}

/** Parses the bench's arguments; a quick run writes no file unless --out says where. */
export function parseOptions(args: readonly string[]): BenchOptions {
  let runs: number | undefined;
  let out: string | undefined;
  let quick = false;
  let withTests = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--with-tests') withTests = true;
    else if (arg === '--runs') {
      const text = value(args, i++, arg);
      runs = Number(text);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, got '${text}'`);
    } else if (arg === '--out') out = value(args, i++, arg);
    else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  const sizes = quick ? QUICK : FULL;
  return { ...sizes, runs: runs ?? sizes.runs, withTests, out: out ?? (quick ? undefined : DEFAULT_OUT) };
}
