import { MAX_UNTRUSTED_MESSAGE_LENGTH, untrustedMarkdown } from '../untrusted-markdown';
import { Finding, PlanReview, Severity } from './findings';

export const HEADINGS: Record<Severity, string> = {
  blocking: '⛔ Blocking',
  warning: '⚠️ Warnings',
  info: 'ℹ️ Notes',
};

// Addresses, reasons and messages quote the plan, which the pull request's author wrote.
const cell = (text: string) => untrustedMarkdown(text, { tableCell: true });

/** One finding as a list item: address, rule id (ours) and message, each value inert. */
export const findingItem = (f: Finding): string =>
  `- ${untrustedMarkdown(f.address)} (${f.rule}): ${untrustedMarkdown(f.message, { maxLength: MAX_UNTRUSTED_MESSAGE_LENGTH })}`;

/** The heading and summary line of one review: what a cut comment keeps first. */
export function summaryLines(review: PlanReview, title?: string): string[] {
  const count = (action: string) => review.changes.filter((c) => c.action === action).length;
  return [
    // The title is a plan file or stack name from the user's own command line: trusted.
    `## Plan review: CloudWatch Logs anomaly detectors and their KMS keys${title ? ` (${title})` : ''}`,
    '',
    `**${count('create')} to add, ${count('update')} to change, ${count('replace')} to replace, ${count('destroy')} to destroy` +
      `${count('forget') > 0 ? `, ${count('forget')} to forget` : ''}**` +
      ` · ${review.findings.filter((f) => f.severity === 'blocking').length} blocking, ${review.findings.filter((f) => f.severity === 'warning').length} warnings`,
    '',
  ];
}

/** The review as GitHub-flavoured markdown, fit for a pull-request comment. */
export function renderMarkdown(review: PlanReview, title?: string): string {
  const lines = summaryLines(review, title);
  if (review.changes.length === 0) {
    lines.push('No changes.');
  } else {
    lines.push('| address | action | why |', '| --- | --- | --- |');
    for (const c of review.changes) lines.push(`| ${cell(c.address)} | ${c.action} | ${cell(c.why)} |`);
  }
  for (const severity of ['blocking', 'warning', 'info'] as const) {
    const findings = review.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push('', `### ${HEADINGS[severity]}`, '');
    lines.push(...findings.map(findingItem));
  }
  if (review.uncheckedKeys.length > 0) {
    lines.push(
      '',
      `> prevent_destroy could not be checked for ${review.uncheckedKeys.map((a) => untrustedMarkdown(a)).join(', ')}: plan JSON carries no lifecycle; pass the configuration with --config.`,
    );
  }
  if (review.associationChanges) {
    lines.push('', '> Key association changes can take up to five minutes to take effect in CloudWatch Logs.');
  }
  return lines.join('\n') + '\n';
}

export const FAIL_ON = ['blocking', 'replace', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Exit code for CI: 1 when the review holds what `failOn` refuses. */
export function exitCodeFor(review: PlanReview, failOn: FailOn): number {
  const blocking = review.findings.some((f) => f.severity === 'blocking');
  const replaces = review.changes.some((c) => c.action === 'replace' || c.action === 'destroy');
  if (failOn === 'never') return 0;
  if (failOn === 'replace') return blocking || replaces ? 1 : 0;
  return blocking ? 1 : 0;
}
