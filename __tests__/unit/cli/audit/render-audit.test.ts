import { AuditReport } from '../../../../cli/audit/audit-detectors';
import { AUDIT_RULES } from '../../../../cli/audit/audit-findings';
import { renderAuditJson, renderAuditMarkdown } from '../../../../cli/audit/render-audit';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
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
  logGroups: [
    {
      logGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:/app/disabled`,
      logGroupName: '/app/disabled',
      accountId: A,
      region: 'us-east-1',
      kmsKeyId: KEY,
      findings: [{ severity: 'blocking', rule: AUDIT_RULES.keyDisabled, message: 'disabled' }],
    },
    {
      logGroupArn: `arn:aws:logs:us-east-1:${B}:log-group:/app/fine`,
      logGroupName: '/app/fine',
      accountId: B,
      region: 'us-east-1',
      kmsKeyId: KEY,
      findings: [],
    },
  ],
};

describe('renderAuditMarkdown', () => {
  test('opens with one line per account: detectors, log groups with a customer key, blocking, warnings, what could not be read', () => {
    const lines = renderAuditMarkdown(report).split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '## Audit: CloudWatch Logs anomaly detectors and their KMS keys',
      '',
      '| account | detectors | log groups | blocking | warnings | unreadable |',
      '| --- | --- | --- | --- | --- | --- |',
      `| ${A} | 1 | 1 | 2 | 1 | - |`,
      `| ${B} | 1 | 1 | 0 | 0 | \`eu-west-1 (logs:ListLogAnomalyDetectors: AccessDeniedException)\` |`,
      `| ${C} | 0 | 0 | 0 | 0 | \`every region (sts:AssumeRole arn:aws:iam::${C}:role/Audit: AccessDenied)\` |`,
      '',
    ]);
    expect(lines[8]).toBe('**2 detectors and 2 log groups with a customer key in 3 accounts, us-east-1, eu-west-1, 2 at risk** · 2 blocking, 1 warnings');
  });

  test('a table for each log group with findings after the detectors; a log group without findings gets none', () => {
    const markdown = renderAuditMarkdown(report);
    expect(markdown).toContain(
      [
        `### \`arn:aws:logs:us-east-1:${A}:log-group:/app/disabled\``,
        '',
        `key: \`${KEY}\``,
        '',
        '| severity | rule | finding |',
        '| --- | --- | --- |',
        '| blocking | key-disabled | `disabled` |',
      ].join('\n'),
    );
    expect(markdown.indexOf('log-group:/app/disabled')).toBeGreaterThan(markdown.indexOf(`anomaly-detector:b`));
    expect(markdown).not.toContain('/app/fine');
  });
});

describe('renderAuditJson', () => {
  test('every detector and log group with its account and region, and what could not be read', () => {
    const json = JSON.parse(renderAuditJson(report)) as { detectors: Array<Record<string, unknown>>; logGroups: unknown[]; unreadable: unknown[] };
    expect(Object.keys(json).sort()).toEqual(['detectors', 'logGroups', 'unreadable']);
    expect(json.logGroups).toEqual(report.logGroups);
    expect(json.detectors.map((d) => [d.accountId, d.region])).toEqual([
      [A, 'us-east-1'],
      [B, 'us-east-1'],
    ]);
    expect(json.unreadable).toEqual(report.unreadable);
  });
});
