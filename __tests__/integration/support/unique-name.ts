import { randomUUID } from 'node:crypto';

/** A name no other test or run uses, so tests can share one local AWS in parallel. */
export function uniqueName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}
