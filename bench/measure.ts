/** Milliseconds `fn` took, and what it returned. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Milliseconds `fn` took. */
export async function timeMs(fn: () => unknown): Promise<number> {
  return (await timed(fn)).ms;
}

export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples) };
}

/** Element-wise a[i] / b[i]: ratios of measurements taken side by side in the same run. */
export function pairwiseRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`ratio of ${a.length} samples to ${b.length}`);
  return a.map((x, i) => x / b[i]);
}
