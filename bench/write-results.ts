import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CpuShare } from './cpu-share';
import { Machine } from './machine';
import { summarize } from './measure';
import { Figure, Ratio, Section, Unit } from './results';

/** What the whole run was, for the lines above the tables. */
export interface RunInfo {
  readonly command: string;
  readonly machine: Machine;
  readonly backend: string;
  readonly elapsedMs: number;
  /** undefined off Linux */
  readonly cpu?: CpuShare;
}

/** Above this share of the CPU taken by other processes, absolute times are called noisy. */
const NOISY_OTHERS_PERCENT = 10;

function formatValue(value: number, unit: Unit): string {
  if (unit === 'count') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value.toFixed(1)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

function figureRow(figure: Figure): string {
  const { min, median, max } = summarize(figure.samples);
  const cells = [min, median, max].map((v) => formatValue(v, figure.unit));
  return `| ${figure.label} | ${cells.join(' | ')} | ${figure.samples.length} |`;
}

function ratioRow(ratio: Ratio): string {
  const { min, median, max } = summarize(ratio.samples);
  const cells = [min, median, max].map((v) => `${v.toFixed(2)}×`);
  const verdict = (met: boolean) => (met ? 'met' : '**missed**');
  const targets = [
    ...(ratio.targetMin === undefined ? [] : [`≥ ${ratio.targetMin}: ${verdict(median >= ratio.targetMin)}`]),
    ...(ratio.targetMax === undefined ? [] : [`≤ ${ratio.targetMax}: ${verdict(median <= ratio.targetMax)}`]),
  ];
  const target = targets.length === 0 ? '–' : targets.join(', ');
  return `| ${ratio.label} | ${cells.join(' | ')} | ${ratio.samples.length} | ${target} |`;
}

export function renderSection(section: Section): string {
  const lines = [`## ${section.title}`, ''];
  if (section.figures.length > 0) {
    lines.push('| figure | min | median | max | runs |', '| --- | ---: | ---: | ---: | ---: |', ...section.figures.map(figureRow), '');
  }
  if (section.ratios.length > 0) {
    lines.push('| ratio | min | median | max | runs | target |', '| --- | ---: | ---: | ---: | ---: | --- |', ...section.ratios.map(ratioRow), '');
  }
  if (section.notes.length > 0) lines.push(...section.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

function cpuLine(cpu: CpuShare | undefined): string {
  if (!cpu) return 'CPU share of other processes: not measured (no /proc).';
  const shares = `this bench and its children ${cpu.oursPercent.toFixed(0)} %, other processes ${cpu.othersPercent.toFixed(0)} % of the machine's CPU`;
  return cpu.othersPercent > NOISY_OTHERS_PERCENT
    ? `CPU while it ran: ${shares}. The machine was shared with other work (other developers' test runs), so absolute ` +
        'medians are noisy; the ratios, taken side by side within each run, are the figures to compare.'
    : `CPU while it ran: ${shares}: the machine was otherwise quiet.`;
}

export function renderResults(info: RunInfo, sections: readonly Section[]): string {
  const m = info.machine;
  const minutes = Math.floor(info.elapsedMs / 60_000);
  const seconds = Math.round((info.elapsedMs % 60_000) / 1000);
  return [
    '# Benchmark results',
    '',
    `\`${info.command}\` on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB memory, Node ${m.node}, ` +
      `Terraform ${m.terraform}, local AWS ${info.backend} (moto ${m.moto}) behind the gateway; ${m.date}; took ${minutes} min ${seconds} s.`,
    '',
    cpuLine(info.cpu),
    '',
    'Each figure is min / median / max over the runs; each ratio is taken per run from figures measured side by side, ' + 'then summarized the same way.',
    '',
    ...sections.map(renderSection),
  ].join('\n');
}

export function writeResults(file: string, markdown: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
}
