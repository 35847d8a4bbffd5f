import { AuditReport } from '../../../../cli/audit/audit-detectors';
import { AUDIT_RULES } from '../../../../cli/audit/audit-findings';
import { renderAuditJson, renderAuditMarkdown } from '../../../../cli/audit/render-audit';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const report: AuditReport = {
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [A, B, C],
  time: new Date(0),
  unreadable: [
    { accountId: B, region: 'eu-west-1', call: 'logs:ListLogAnomalyDetectors', code: 'AccessDeniedException', message: 'not authorized' },
    { accountId: C, region: null, call: `sts:AssumeRole arn:aws:iam::${C}:role/Audit`, code: 'AccessDenied', message: 'not authorized' },
  ],
  detectors: [
    {
      detectorArn: `arn:aws:logs:us-east-1:${A}:anomaly-detector:a`,
      accountId: A,
      region: 'us-east-1',
      kmsKeyId: null,
      findings: [
        { severity: 'blocking', rule: AUDIT_RULES.awsOwnedKey, message: 'own key' },
        { severity: 'warning', rule: AUDIT_RULES.detectorFailed, message: 'failed' },
      ],
    },
    { detectorArn: `arn:aws:logs:us-east-1:${B}:anomaly-detector:b`, accountId: B, region: 'us-east-1', kmsKeyId: null, findings: [] },
  ],
};

describe('renderAuditMarkdown', () => {
  test('opens with one line per account: detectors, blocking, warnings, what could not be read', () => {
    const lines = renderAuditMarkdown(report).split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '## Audit: CloudWatch Logs anomaly detectors and their KMS keys',
      '',
      '| account | detectors | blocking | warnings | unreadable |',
      '| --- | --- | --- | --- | --- |',
      `| ${A} | 1 | 1 | 1 | - |`,
      `| ${B} | 1 | 0 | 0 | eu-west-1 (logs:ListLogAnomalyDetectors: AccessDeniedException) |`,
      `| ${C} | 0 | 0 | 0 | every region (sts:AssumeRole arn:aws:iam::${C}:role/Audit: AccessDenied) |`,
      '',
    ]);
    expect(lines[8]).toBe('**2 detectors in 3 accounts, us-east-1, eu-west-1, 1 at risk** · 1 blocking, 1 warnings');
  });
});

describe('renderAuditJson', () => {
  test('every detector with its account and region, and what could not be read', () => {
    const json = JSON.parse(renderAuditJson(report)) as { detectors: Array<Record<string, unknown>>; unreadable: unknown[] };
    expect(Object.keys(json).sort()).toEqual(['detectors', 'unreadable']);
    expect(json.detectors.map((d) => [d.accountId, d.region])).toEqual([
      [A, 'us-east-1'],
      [B, 'us-east-1'],
    ]);
    expect(json.unreadable).toEqual(report.unreadable);
  });
});
