import { AuditFinding, AuditSeverity } from './audit-findings';
import { AuditReport, UnreadableTarget } from './audit-detectors';
import { MAX_UNTRUSTED_MESSAGE_LENGTH, untrustedMarkdown } from '../untrusted-markdown';

// ARNs, key ids, messages and AWS's error text come from live accounts: anyone who may tag, name or
// write a key policy there writes them.
const cell = (text: string) => untrustedMarkdown(text, { tableCell: true, maxLength: MAX_UNTRUSTED_MESSAGE_LENGTH });
const code = (text: string) => untrustedMarkdown(text);
const count = (audited: ReadonlyArray<{ readonly findings: readonly AuditFinding[] }>, severity: AuditSeverity) =>
  audited.reduce((n, d) => n + d.findings.filter((f) => f.severity === severity).length, 0);
const findingsTable = (findings: readonly AuditFinding[]) => [
  '| severity | rule | finding |',
  '| --- | --- | --- |',
  ...findings.map((f) => `| ${f.severity} | ${f.rule} | ${cell(f.message)} |`),
];
const unreadableSaid = (u: UnreadableTarget) => `${u.region ?? 'every region'} (${u.call}: ${u.code})`;

/**
 * The audit as GitHub-flavoured markdown, looking like plan review: one line per account
 * (detectors, log groups with a customer key, blocking, warnings, what could not be read), a
 * summary line, then a table per detector and one per log group that has findings.
 */
export function renderAuditMarkdown(report: AuditReport): string {
  const lines = [
    '## Audit: CloudWatch Logs anomaly detectors and their KMS keys',
    '',
    '| account | detectors | log groups | blocking | warnings | unreadable |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const account of report.accounts) {
    const detectors = report.detectors.filter((d) => d.accountId === account);
    const logGroups = report.logGroups.filter((g) => g.accountId === account);
    const audited = [...detectors, ...logGroups];
    const unread = report.unreadable.filter((u) => u.accountId === account).map(unreadableSaid);
    lines.push(
      `| ${account} | ${detectors.length} | ${logGroups.length} | ${count(audited, 'blocking')} | ${count(audited, 'warning')} | ${unread.length > 0 ? cell(unread.join('; ')) : '-'} |`,
    );
  }
  const all = [...report.detectors, ...report.logGroups];
  const atRisk = all.filter((d) => d.findings.some((f) => f.severity === 'blocking')).length;
  lines.push(
    '',
    `**${report.detectors.length} detectors and ${report.logGroups.length} log groups with a customer key in ${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}, ${report.regions.join(', ')}, ${atRisk} at risk** · ${count(all, 'blocking')} blocking, ${count(all, 'warning')} warnings`,
  );
  if (report.unreadable.length > 0) {
    lines.push('', '> Could not be read, so not audited:');
    for (const u of report.unreadable) {
      lines.push(
        `> - account ${code(u.accountId)}, ${u.region ?? 'every region'}: ${u.call} failed: ${code(u.code)}: ${untrustedMarkdown(u.message, { maxLength: MAX_UNTRUSTED_MESSAGE_LENGTH })}`,
      );
    }
  }
  if (report.detectors.length === 0) lines.push('', 'No detectors.');
  for (const d of report.detectors) {
    lines.push('', `### ${code(d.detectorArn)}`, '', `key: ${d.kmsKeyId === null ? "CloudWatch Logs' own" : code(d.kmsKeyId)}`, '');
    if (d.findings.length === 0) {
      lines.push('No findings.');
      continue;
    }
    lines.push(...findingsTable(d.findings));
  }
  // Only log groups with findings: an account may hold thousands of healthy ones.
  for (const g of report.logGroups.filter((g) => g.findings.length > 0)) {
    lines.push('', `### ${code(g.logGroupArn)}`, '', `key: ${code(g.kmsKeyId)}`, '', ...findingsTable(g.findings));
  }
  return lines.join('\n') + '\n';
}

/** The audit as JSON for machines: every detector and log group with a customer key read, with or without findings, and what could not be read. */
export function renderAuditJson(report: AuditReport): string {
  return JSON.stringify({ detectors: report.detectors, logGroups: report.logGroups, unreadable: report.unreadable }, null, 2) + '\n';
}

export const AUDIT_FAIL_ON = ['blocking', 'warning', 'never'] as const;
export type AuditFailOn = (typeof AUDIT_FAIL_ON)[number];

/** 2 when an account or region could not be read, else 1 when the report holds a finding at or above `failOn`; `never` is always 0. */
export function auditExitCode(report: AuditReport, failOn: AuditFailOn): number {
  if (failOn === 'never') return 0;
  if (report.unreadable.length > 0) return 2;
  const severities: readonly AuditSeverity[] = failOn === 'warning' ? ['blocking', 'warning'] : ['blocking'];
  return [...report.detectors, ...report.logGroups].some((d) => d.findings.some((f) => severities.includes(f.severity))) ? 1 : 0;
}
