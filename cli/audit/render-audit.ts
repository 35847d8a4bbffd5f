import { AuditSeverity } from './audit-findings';
import { AuditReport } from './audit-detectors';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const count = (report: AuditReport, severity: AuditSeverity) =>
  report.detectors.reduce((n, d) => n + d.findings.filter((f) => f.severity === severity).length, 0);

/** The audit as GitHub-flavoured markdown, looking like plan review: a summary line, then a table per detector. */
export function renderAuditMarkdown(report: AuditReport): string {
  const atRisk = report.detectors.filter((d) => d.findings.some((f) => f.severity === 'blocking')).length;
  const lines = [
    '## Audit: CloudWatch Logs anomaly detectors and their KMS keys',
    '',
    `**${report.detectors.length} detectors in ${report.regions.join(', ')}, ${atRisk} at risk** · ${count(report, 'blocking')} blocking, ${count(report, 'warning')} warnings`,
  ];
  if (report.detectors.length === 0) lines.push('', 'No detectors.');
  if (report.missing.length > 0) lines.push('', `> Deleted while audit ran: ${report.missing.map((a) => `\`${a}\``).join(', ')}`);
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

/** The audit as JSON for machines: every detector read, with or without findings, and those deleted while it ran. */
export function renderAuditJson(report: AuditReport): string {
  return JSON.stringify({ detectors: report.detectors, deletedWhileRead: report.missing }, null, 2) + '\n';
}

export const AUDIT_FAIL_ON = ['blocking', 'warning', 'never'] as const;
export type AuditFailOn = (typeof AUDIT_FAIL_ON)[number];

/** 1 when the report holds a finding at or above `failOn`. */
export function auditExitCode(report: AuditReport, failOn: AuditFailOn): number {
  if (failOn === 'never') return 0;
  const severities: readonly AuditSeverity[] = failOn === 'warning' ? ['blocking', 'warning'] : ['blocking'];
  return report.detectors.some((d) => d.findings.some((f) => severities.includes(f.severity))) ? 1 : 0;
}
