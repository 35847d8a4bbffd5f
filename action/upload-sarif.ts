import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

/** Code scanning keeps one analysis per category: each comment key gets its own, as it gets its own comment. */
export function sarifCategory(commentKey: string): string {
  return `kms-anomaly-detector-plan-review/${commentKey}`;
}

/** The SARIF log with its run's category set, as `github/codeql-action/upload-sarif` sets it (`automationDetails.id`). */
export function categorized(sarif: string, commentKey: string): string {
  const log = JSON.parse(sarif) as { runs: Array<Record<string, unknown>> };
  for (const run of log.runs) run.automationDetails = { id: sarifCategory(commentKey) };
  return JSON.stringify(log);
}

/** The code-scanning upload endpoint (`POST /repos/{owner}/{repo}/code-scanning/sarifs`) with what it needs of the run. */
export interface SarifUpload {
  readonly upload: (request: { commit_sha: string; ref: string; sarif: string; checkout_uri: string; tool_name: string }) => Promise<{ readonly id?: string }>;
}

/** Uploads the log to code scanning for the commit and ref the workflow runs on: gzip, then base64, as the endpoint wants. */
export async function uploadSarif(
  endpoint: SarifUpload,
  sarif: string,
  commentKey: string,
  commit: string,
  ref: string,
  checkout: string,
): Promise<string | undefined> {
  const { id } = await endpoint.upload({
    commit_sha: commit,
    ref,
    sarif: gzipSync(categorized(sarif, commentKey)).toString('base64'),
    checkout_uri: pathToFileURL(checkout).href,
    tool_name: 'kms-anomaly-detector plan-review',
  });
  return id;
}
