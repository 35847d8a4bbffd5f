import { AuditSeverity } from './audit-findings';
import { AuditedDetector, AuditReport, UnreadableTarget } from './audit-detectors';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const count = (detectors: readonly AuditedDetector[], severity: AuditSeverity) =>
  detectors.reduce((n, d) => n + d.findings.filter((f) => f.severity === severity).length, 0);
const unreadableSaid = (u: UnreadableTarget) => `${u.region ?? 'every region'} (${u.call}: ${u.code})`;

/**
 * The audit as GitHub-flavoured markdown, looking like plan review: one line per account
 * (detectors, blocking, warnings, what could not be read), a summary line, then a table per detector.
 */
export function renderAuditMarkdown(report: AuditReport): string {
  const lines = [
    '## Audit: CloudWatch Logs anomaly detectors and their KMS keys',
    '',
    '| account | detectors | blocking | warnings | unreadable |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const account of report.accounts) {
    const detectors = report.detectors.filter((d) => d.accountId === account);
    const unread = report.unreadable.filter((u) => u.accountId === account).map(unreadableSaid);
    lines.push(`| ${account} | ${detectors.length} | ${count(detectors, 'blocking')} | ${count(detectors, 'warning')} | ${cell(unread.join('; ') || '-')} |`);
  }
  const atRisk = report.detectors.filter((d) => d.findings.some((f) => f.severity === 'blocking')).length;
  lines.push(
    '',
    `**${report.detectors.length} detectors in ${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}, ${report.regions.join(', ')}, ${atRisk} at risk** · ${count(report.detectors, 'blocking')} blocking, ${count(report.detectors, 'warning')} warnings`,
  );
  if (report.unreadable.length > 0) {
    lines.push('', '> Could not be read, so not audited:');
    for (const u of report.unreadable) lines.push(`> - account ${u.accountId}, ${u.region ?? 'every region'}: ${u.call} failed: ${u.code}: ${cell(u.message)}`);
  }
  if (report.detectors.length === 0) lines.push('', 'No detectors.');
  for (const d of report.detectors) {
    lines.push('', `### \`${d.detectorArn}\``, '', `key: ${d.kmsKeyId === null ? "CloudWatch Logs' own" : `\`${d.kmsKeyId}\``}`, '');
    if (d.findings.length === 0) {
      lines.push('No findings.');
      continue;
    }
    lines.push('| severity | rule | finding |', '| --- | --- | --- |');
    for (const f of d.findings) lines.push(`| ${f.severity} | ${f.rule} | ${cell(f.message)} |`);
  }
  return lines.join('\n') + '\n';
}

/** The audit as JSON for machines: every detector read, with or without findings, and what could not be read. */
export function renderAuditJson(report: AuditReport): string {
  return JSON.stringify({ detectors: report.detectors, unreadable: report.unreadable }, null, 2) + '\n';
}

export const AUDIT_FAIL_ON = ['blocking', 'warning', 'never'] as const;
export type AuditFailOn = (typeof AUDIT_FAIL_ON)[number];

/** 2 when an account or region could not be read, else 1 when the report holds a finding at or above `failOn`; `never` is always 0. */
export function auditExitCode(report: AuditReport, failOn: AuditFailOn): number {
  if (failOn === 'never') return 0;
  if (report.unreadable.length > 0) return 2;
  const severities: readonly AuditSeverity[] = failOn === 'warning' ? ['blocking', 'warning'] : ['blocking'];
  return report.detectors.some((d) => d.findings.some((f) => severities.includes(f.severity))) ? 1 : 0;
}
