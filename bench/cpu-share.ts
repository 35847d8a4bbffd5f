import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time, in the kernel's clock ticks, of the whole machine and of this process with its waited-for children. */
export interface CpuSnapshot {
  readonly machineTotal: number;
  readonly machineBusy: number;
  readonly ours: number;
}

/** Where the CPU went between two snapshots, as shares of the machine's capacity. */
export interface CpuShare {
  readonly oursPercent: number;
  readonly othersPercent: number;
}

/**
 * Reads /proc (Linux only; undefined elsewhere). "Ours" counts children only once they have
 * exited and been waited for, which terraform, the provider, moto and npx all have by the end.
 */
export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
    const self = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "pid (comm) ": utime, stime, cutime, cstime are the 14th to 17th of the line.
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime, stime, cutime, cstime] = fields.slice(11, 15);
    return {
      machineTotal: user + nice + system + idle + iowait + irq + softirq + steal,
      machineBusy: user + nice + system + irq + softirq + steal,
      ours: utime + stime + cutime + cstime,
    };
  } catch {
    return undefined;
  }
}

export function cpuShare(start: CpuSnapshot, end: CpuSnapshot): CpuShare {
  const total = end.machineTotal - start.machineTotal;
  const ours = end.ours - start.ours;
  const busy = end.machineBusy - start.machineBusy;
  return { oursPercent: (100 * ours) / total, othersPercent: (100 * Math.max(0, busy - ours)) / total };
}

/** Kernel clock ticks per second (`getconf CLK_TCK`; 100 on Linux when that cannot be asked). */
function ticksPerSecond(): number {
  const answer = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  return Number.isInteger(answer) && answer > 0 ? answer : 100;
}

let tickRate: number | undefined;

/** Milliseconds of CPU this process and its waited-for children used between two snapshots. */
export function cpuMsBetween(start: CpuSnapshot, end: CpuSnapshot): number {
  tickRate ??= ticksPerSecond();
  return ((end.ours - start.ours) * 1000) / tickRate;
}
