/**
 * Where a terraform command's time goes, read from what it already writes: provider plugin
 * launches from its log (TF_LOG_PROVIDER=DEBUG, which is where go-plugin's start and exit lines
 * are logged) and resource timings from `apply`'s own output.
 */

export interface ProviderLaunches {
  /** How many times the provider plugin was started. */
  readonly count: number;
  /** Sum of the time from each start to its exit. */
  readonly totalMs: number;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z)/;
const STARTED = /\]\s+provider: plugin started:/;
const EXITED = /\]\s+provider: plugin process exited:/;

/** Launch spans from a terraform log; a command launches the provider one at a time. */
export function providerLaunches(log: string): ProviderLaunches {
  let count = 0;
  let totalMs = 0;
  let startedAt: number | undefined;
  for (const line of log.split('\n')) {
    const stamp = TIMESTAMP.exec(line)?.[1];
    if (!stamp) continue;
    if (STARTED.test(line)) {
      count++;
      startedAt = Date.parse(stamp);
    } else if (EXITED.test(line) && startedAt !== undefined) {
      totalMs += Date.parse(stamp) - startedAt;
      startedAt = undefined;
    }
  }
  return { count, totalMs };
}

/** "aws_kms_key.x: Creation complete after 1m3s [id=...]": the whole seconds the provider reports, summed over resources of the type. */
export function creationMs(applyOutput: string, resourceType: string): number {
  let seconds = 0;
  const line = new RegExp(`^${resourceType}\\.\\S+: Creation complete after (?:(\\d+)m)?(\\d+)s`, 'gm');
  for (const match of applyOutput.matchAll(line)) seconds += Number(match[1] ?? 0) * 60 + Number(match[2]);
  return seconds * 1000;
}
