import { AuditReport } from '../../../../cli/audit/audit-detectors';
import { AUDIT_RULES } from '../../../../cli/audit/audit-findings';
import { renderAuditOcsf } from '../../../../cli/audit/render-ocsf';
import { OCSF_REQUIRED, ocsfDetectionFindingProblems } from '../../../support/ocsf-required';

const A = '111122223333';
const B = '444455556666';
const KEY = `arn:aws:kms:eu-west-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOG_GROUP = `arn:aws:logs:eu-west-1:${A}:log-group:/app/orders`;
const detector = (account: string, region: string, id: string) => `arn:aws:logs:${region}:${account}:anomaly-detector:${id}`;

const report: AuditReport = {
  regions: ['eu-west-1', 'us-east-1'],
  accounts: [A, B],
  time: new Date('2026-12-05T08:00:00Z'),
  unreadable: [],
  detectors: [
    {
      detectorArn: detector(A, 'eu-west-1', 'one'),
      accountId: A,
      region: 'eu-west-1',
      kmsKeyId: KEY,
      findings: [
        { severity: 'blocking', rule: AUDIT_RULES.keyDisabled, message: 'disabled' },
        { severity: 'warning', rule: AUDIT_RULES.keyRotationOff, message: 'rotation off' },
      ],
    },
    {
      detectorArn: detector(B, 'us-east-1', 'two'),
      accountId: B,
      region: 'us-east-1',
      kmsKeyId: null,
      findings: [{ severity: 'warning', rule: AUDIT_RULES.awsOwnedKey, message: 'own key' }],
    },
    { detectorArn: detector(B, 'us-east-1', 'clean'), accountId: B, region: 'us-east-1', kmsKeyId: KEY, findings: [] },
  ],
  logGroups: [
    {
      logGroupArn: LOG_GROUP,
      logGroupName: '/app/orders',
      accountId: A,
      region: 'eu-west-1',
      kmsKeyId: KEY,
      findings: [{ severity: 'blocking', rule: AUDIT_RULES.keyPolicyDeniesLogs, message: 'denied' }],
    },
    { logGroupArn: `${LOG_GROUP}-clean`, logGroupName: '/app/orders-clean', accountId: A, region: 'eu-west-1', kmsKeyId: KEY, findings: [] },
  ],
};

type Finding = Record<string, unknown> & {
  severity_id: number;
  finding_info: { uid: string; types: string[]; title: string };
  resources: Array<{ uid: string; type: string; region: string }>;
  cloud: { region: string; account: { uid: string } };
};

describe('audit --format ocsf', () => {
  const findings = JSON.parse(renderAuditOcsf(report, { productVersion: '0.1.0' })) as Finding[];

  test('every finding has what OCSF 1.3.0 requires of a Detection Finding (class 2004) and of its objects, as read from ocsf-schema', () => {
    expect(findings).toHaveLength(4);
    for (const f of findings) expect(ocsfDetectionFindingProblems(f)).toEqual([]);
  });

  test('one finding per detector and problem: the detector ARN as the resource, account and region in cloud, severity from blocking/warning', () => {
    expect(findings.map((f) => [f.finding_info.types[0], f.severity_id, f.resources[0].uid, f.cloud.account.uid, f.cloud.region])).toEqual([
      ['key-disabled', 4, detector(A, 'eu-west-1', 'one'), A, 'eu-west-1'],
      ['key-rotation-off', 3, detector(A, 'eu-west-1', 'one'), A, 'eu-west-1'],
      ['aws-owned-key', 3, detector(B, 'us-east-1', 'two'), B, 'us-east-1'],
      ['key-policy-denies-logs', 4, LOG_GROUP, A, 'eu-west-1'],
    ]);
    expect(new Set(findings.map((f) => f.finding_info.uid)).size).toBe(4);
    expect(findings[0].time).toBe(report.time.getTime());
  });

  test("a log group's finding names it as an AWS::Logs::LogGroup, with its own title", () => {
    const logGroupFinding = findings[3];
    expect(logGroupFinding.resources).toEqual([
      { uid: LOG_GROUP, type: 'AWS::Logs::LogGroup', region: 'eu-west-1', cloud_partition: 'aws', data: { kms_key_id: KEY } },
    ]);
    expect(logGroupFinding.finding_info.title).toBe("The key policy no longer lets CloudWatch Logs use the log group's key");
    expect(findings[0].resources[0].type).toBe('AWS::Logs::LogAnomalyDetector');
  });

  test('the check finds what the schema requires when it is missing (so a pass means something)', () => {
    const [first] = findings;
    const { severity_id: _s, ...noSeverity } = first;
    expect(ocsfDetectionFindingProblems(noSeverity)).toContain('finding.severity_id is required');
    const noTitle = { ...first, finding_info: { ...first.finding_info, title: undefined } };
    expect(ocsfDetectionFindingProblems(noTitle)).toContain('finding.finding_info.title is required');
    const noProvider = { ...first, cloud: { ...first.cloud, provider: undefined } };
    expect(ocsfDetectionFindingProblems(noProvider)).toContain('finding.cloud.provider is required');
    const anonymous = { ...first, resources: [{ region: 'eu-west-1' }] };
    expect(ocsfDetectionFindingProblems(anonymous)).toContain('finding.resources[0] needs at least one of name, uid');
    expect(ocsfDetectionFindingProblems({ ...first, severity_id: 7 })).toEqual([expect.stringMatching(/^finding.severity_id 7 is not one of/)]);
  });

  test('the fixture is what the schema says of class 2004, not an empty list', () => {
    expect(OCSF_REQUIRED.class.uid).toBe(2004);
    expect(OCSF_REQUIRED.class.required).toEqual(expect.arrayContaining(['metadata', 'finding_info', 'severity_id', 'time', 'cloud']));
  });
});
