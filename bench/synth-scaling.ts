import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AnomalyDetectionStack } from '../stacks/anomaly-detection-stack';
import { EXAMPLE_STACK_NAME, exampleConfigFromEnv } from '../stacks/example-config';
import { Cleanup } from './cleanup';
import { runCommand } from './command';
import { pairwiseRatios, timeMs } from './measure';
import { Figure, msFigure, Ratio, Section } from './results';
import { ScaledStack } from './scaled-stack';

const PROJECT_ROOT = resolve(__dirname, '..');

interface Shape {
  readonly label: string;
  readonly detectors: number;
  readonly keyPerDetector: boolean;
}

/** Builds and synthesizes one app in this process, writing to a fresh outdir (removed after). */
async function synthInProcess(cleanup: Cleanup, build: (app: App) => TerraformStack, skipValidation = false): Promise<number> {
  const outdir = cleanup.tempDir('synth');
  try {
    return await timeMs(() => {
      const app = new App({ outdir, skipValidation });
      build(app);
      app.synth();
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `npx tsx main.ts`, as `cdktf synth` runs the app (cdktf.json), with its output in a temporary outdir. */
async function synthAsProcess(cleanup: Cleanup): Promise<number> {
  const outdir = cleanup.tempDir('synth-process');
  try {
    const result = await runCommand('npx', ['tsx', 'main.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir } });
    if (result.exitCode !== 0) throw new Error(`npx tsx main.ts exited ${result.exitCode}:\n${result.outputTail}`);
    return result.ms;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface SynthScalingOptions {
  readonly runs: number;
  readonly detectorCounts: readonly number[];
  readonly cleanup: Cleanup;
  readonly progress: (line: string) => void;
}

export interface SynthScalingResult {
  readonly section: Section;
  /** The `npx tsx main.ts` samples, for section 2's figure with synth as a process. */
  readonly processSynthMs: readonly number[];
}

/**
 * Section 1: synth of the example stack in-process and as a whole process, and of stacks of
 * N detectors with one shared key or a key each. Each run synthesizes every shape once, so
 * load on the machine spreads over all of them alike.
 */
export async function synthScaling(options: SynthScalingOptions): Promise<SynthScalingResult> {
  const { runs, cleanup, progress } = options;
  const example = (app: App) => new AnomalyDetectionStack(app, EXAMPLE_STACK_NAME, exampleConfigFromEnv({}));
  const shapes: Shape[] = [false, true].flatMap((keyPerDetector) =>
    options.detectorCounts.map((detectors) => ({
      label: `${detectors} detector${detectors === 1 ? '' : 's'}, ${keyPerDetector ? 'one key each' : 'one shared key'}`,
      detectors,
      keyPerDetector,
    })),
  );
  const scaled = (shape: Shape) => (app: App) => new ScaledStack(app, 'scaled', shape);
  const counts = [...options.detectorCounts].sort((a, b) => a - b);
  const withDetectors = (n: number) => shapes.filter((s) => s.detectors === n);

  // The first synth in a process pays for loading and compiling cdktf and the provider bindings;
  // the in-process figures are of a warm process, the whole-process figure includes all of that.
  // The smallest stack of each kind warms the same code as the large ones, in a fraction of the time.
  progress('synth: warm-up');
  await synthInProcess(cleanup, example);
  for (const shape of withDetectors(counts[0])) await synthInProcess(cleanup, scaled(shape));

  // The largest stacks once more without cdktf's construct validations, to show what they cost.
  const largest = withDetectors(counts[counts.length - 1]);
  const inProcess: number[] = [];
  const asProcess: number[] = [];
  const byShape = new Map<Shape, number[]>(shapes.map((s) => [s, []]));
  const unvalidated = new Map<Shape, number[]>(largest.map((s) => [s, []]));
  for (let run = 1; run <= runs; run++) {
    progress(`synth: run ${run}/${runs}`);
    inProcess.push(await synthInProcess(cleanup, example));
    asProcess.push(await synthAsProcess(cleanup));
    for (const shape of shapes) byShape.get(shape)!.push(await synthInProcess(cleanup, scaled(shape)));
    for (const shape of largest) unvalidated.get(shape)!.push(await synthInProcess(cleanup, scaled(shape), true));
  }

  const figures: Figure[] = [
    msFigure('example stack, in-process App synth (warm)', inProcess),
    msFigure('example stack, `npx tsx main.ts` (whole process)', asProcess),
  ];
  for (const shape of shapes) {
    const samples = byShape.get(shape)!;
    figures.push(msFigure(shape.label, samples));
    if (shape.detectors > 1)
      figures.push(
        msFigure(
          `${shape.label}: per detector`,
          samples.map((ms) => ms / shape.detectors),
        ),
      );
  }
  for (const [shape, samples] of unvalidated) figures.push(msFigure(`${shape.label}, \`App({ skipValidation: true })\``, samples));

  const ratios: Ratio[] = [{ label: 'example stack: whole process / in-process', samples: pairwiseRatios(asProcess, inProcess) }];
  const [small, large] = counts.slice(-2);
  if (counts.length >= 2) {
    for (const keyPerDetector of [false, true]) {
      const perDetector = (n: number) => {
        const shape = shapes.find((s) => s.detectors === n && s.keyPerDetector === keyPerDetector)!;
        return byShape.get(shape)!.map((ms) => ms / n);
      };
      ratios.push({
        label: `per-detector time, ${large} vs ${small} detectors (${keyPerDetector ? 'one key each' : 'one shared key'}); 1.00 = linear`,
        samples: pairwiseRatios(perDetector(large), perDetector(small)),
      });
    }
  }

  for (const [shape, samples] of unvalidated) {
    ratios.push({ label: `${shape.label}: with cdktf's validations / without`, samples: pairwiseRatios(byShape.get(shape)!, samples) });
  }

  return {
    section: {
      title: '1. Synth',
      figures,
      ratios,
      notes: [
        'In-process: `new App({ outdir })`, the stack built, `app.synth()` writing to a temporary directory: construction and synth, after an untimed warm-up (the example and the smallest scaled stacks).',
        '`npx tsx main.ts`: what `cdktf synth` runs (cdktf.json `app`), with `CDKTF_OUTDIR` in a temporary directory; it pays for npx, tsx and loading cdktf and the provider bindings.',
        'Scaled stacks: one AWS provider; per detector a log group, the detector and its `terraform_data` replacement trigger, plus, with one key each, an `aws_kms_key` (its policy built per key).',
        "Validations: `skipValidation: true` turns off every construct validation; it is measured only to show what they cost. The detector's `terraform_data` is `ReplacementTrigger` (modules/private/replacement-trigger.ts), not cdktf's `DataResource`, whose check ran `terraform version` in a child process once per resource at every synth (before that change: 60 ms per detector, 6.0 s for 100; bench/BEFORE-AFTER.md).",
      ],
    },
    processSynthMs: asProcess,
  };
}
