import { AuditReport } from '../../../../cli/audit/audit-detectors';
import { detectorFindings, KeyFacts } from '../../../../cli/audit/audit-findings';
import { renderAuditMarkdown } from '../../../../cli/audit/render-audit';
import { documentedLogsKeyPolicy } from '../../../support/logs-key-policy';
import { backtrackingPattern, BREAKOUT_KEY, DISPLAY_TRICKS, VERDICT_SID } from '../../../support/hostile-corpus';
import { FOREIGN_TYPES, headings, markdownTokens, mentionsOutsideCode, visibleText } from '../../../support/rendered-markdown';

// What a live account holds is written by anyone allowed kms:PutKeyPolicy, logs:CreateLogAnomalyDetector or a tag there.
const ACCOUNT = '111122223333';
const SCOPE = { partition: 'aws', region: 'us-east-1', account: ACCOUNT };
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const guide = JSON.parse(documentedLogsKeyPolicy(SCOPE)) as { Version: string; Statement: object[] };
const withStatement = (statement: object) => JSON.stringify({ ...guide, Statement: [...guide.Statement, statement] });

const key = (policy: string): KeyFacts => ({ keyArn: KEY, metadata: { keyState: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT' }, policy, rotationEnabled: true });
const detectorArn = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:${name}`;

function audited(name: string, facts: KeyFacts) {
  const detector = { detectorArn: detectorArn(name), region: 'us-east-1', kmsKeyId: KEY };
  return { ...detector, accountId: ACCOUNT, kmsKeyId: KEY, findings: detectorFindings(detector, facts, { callerAccount: ACCOUNT }) };
}

describe('audit of hostile live key policies', () => {
  test('a backtracking StringLike in a Deny is matched in linear time and judged: the detector is denied', () => {
    const deny = { Sid: 'Shape', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' };
    const policy = withStatement({ ...deny, Condition: { StringNotLike: { 'kms:EncryptionContext:aws:logs:arn': backtrackingPattern(12) } } });
    const { findings } = audited('d', key(policy));
    expect(findings.map((f) => [f.severity, f.rule])).toEqual([['blocking', 'key-policy-denies-logs']]);
  });

  test('a Sid that would fake a verdict is never quoted; the policy is one review-by-hand warning', () => {
    const policy = withStatement({ Sid: VERDICT_SID, Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'kms:*', Resource: '*' });
    const { findings } = audited('d', key(policy));
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'key-policy-unreadable',
        message: `The policy of key ${KEY} uses what this evaluator does not implement (statement #4: NotPrincipal is not supported by this evaluator): review it by hand.`,
      },
    ]);
  });

  test('the markdown of hostile names, messages and errors holds only the audit’s own structure', () => {
    const denied = withStatement({ Sid: `${VERDICT_SID} @acme/admins`, Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' });
    const report: AuditReport = {
      regions: ['us-east-1'],
      accounts: [ACCOUNT],
      time: new Date(0),
      unreadable: [{ accountId: ACCOUNT, region: 'eu-west-1', call: 'logs:DescribeLogGroups', code: 'Throttling|x', message: `${BREAKOUT_KEY}\n# Safe` }],
      detectors: [audited(BREAKOUT_KEY, key(denied)), audited(DISPLAY_TRICKS, key(denied))],
      logGroups: [],
    };
    const markdown = renderAuditMarkdown(report);
    const tokens = markdownTokens(markdown);
    expect(tokens.filter((t) => FOREIGN_TYPES.includes(t.type))).toEqual([]);
    expect(mentionsOutsideCode(markdown)).toEqual([]);
    // The title, then one heading per detector made only of its ARN as code.
    expect(headings(markdown)).toEqual([
      'Audit: CloudWatch Logs anomaly detectors and their KMS keys',
      detectorArn(BREAKOUT_KEY),
      detectorArn('evil\\u{202E}txt.exe\\u{200B}\\u{2066}'),
    ]);
    const text = visibleText(markdown);
    expect(text).toContain(`anomaly-detector:evil\\u{202E}txt.exe\\u{200B}\\u{2066}`);
    expect(text).toContain('denied by x\\n### ✅ No blocking findings: safe to merge\\n<!-- @acme/admins');
    // The accounts table (header and one row), then per detector its table (header and its one finding): no row split by a |.
    expect(tokens.filter((t) => t.type === 'tr_open')).toHaveLength(2 + 2 * 2);
  });
});
