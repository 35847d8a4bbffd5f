/** `ms` figures print as ms or s; `count` figures as whole numbers. */
export type Unit = 'ms' | 'count';

/** One measured quantity: one sample per run. */
export interface Figure {
  readonly label: string;
  readonly samples: readonly number[];
  readonly unit: Unit;
}

/** A ratio of two figures measured side by side, one sample per run, with the target it should meet. */
export interface Ratio {
  readonly label: string;
  readonly samples: readonly number[];
  /** The median must be at most this. @default - informational, no target */
  readonly targetMax?: number;
  /** The median must be at least this. @default - no lower bound */
  readonly targetMin?: number;
}

export interface Section {
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly ratios: readonly Ratio[];
  /** How the figures were taken, and anything that went wrong. */
  readonly notes: readonly string[];
}

export const msFigure = (label: string, samples: readonly number[]): Figure => ({ label, samples, unit: 'ms' });
export const countFigure = (label: string, samples: readonly number[]): Figure => ({ label, samples, unit: 'count' });
