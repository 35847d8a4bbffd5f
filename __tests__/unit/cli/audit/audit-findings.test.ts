import { AUDIT_RULES, DetectorFacts, detectorFindings, KeyFacts, LogGroupFacts, logGroupFindings } from '../../../../cli/audit/audit-findings';
import { auditExitCode } from '../../../../cli/audit/render-audit';
import { AuditReport } from '../../../../cli/audit/audit-detectors';
import { main } from '../../../../cli/main';
import { accountRootStatement, anomalyDetectorKeyPolicy, logGroupsStatement } from '../../../../modules/key-policy';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const SCOPE = { region: 'us-east-1', account: ACCOUNT };
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DETECTOR: DetectorFacts = {
  detectorArn: `arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:abc-1`,
  region: 'us-east-1',
  kmsKeyId: KEY,
  status: 'ANALYZING',
};
const GOOD: KeyFacts = {
  keyArn: KEY,
  metadata: { keyState: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT' },
  policy: JSON.stringify(anomalyDetectorKeyPolicy(SCOPE)),
  rotationEnabled: true,
};
const denied = { failed: 'kms:DescribeKey', code: 'AccessDeniedException', message: 'not allowed' };
const NOW = new Date('2026-12-02T00:00:00Z');

const rules = (detector: DetectorFacts, key: KeyFacts | undefined, requireCustomerKey?: 'warning' | 'blocking') =>
  detectorFindings(detector, key, { callerAccount: ACCOUNT, requireCustomerKey, now: NOW }).map((f) => `${f.severity} ${f.rule}`);

describe('detectorFindings', () => {
  test('a usable key with rotation gives none', () => {
    expect(rules(DETECTOR, GOOD)).toEqual([]);
  });

  test.each<[string, DetectorFacts, KeyFacts | undefined, string[], 'warning' | 'blocking' | undefined]>([
    ['a FAILED detector', { ...DETECTOR, status: 'FAILED' }, GOOD, [`warning ${AUDIT_RULES.detectorFailed}`], undefined],
    ['a key that cannot be read in its own account', DETECTOR, { ...GOOD, metadata: denied }, [`blocking ${AUDIT_RULES.keyUnreadable}`], undefined],
    [
      'an asymmetric key',
      DETECTOR,
      { ...GOOD, metadata: { keyState: 'Enabled', keySpec: 'RSA_2048' } },
      [`blocking ${AUDIT_RULES.keyNotSymmetric}`],
      undefined,
    ],
    [
      'a key in an unknown state',
      DETECTOR,
      { ...GOOD, metadata: { keyState: 'PendingImport', keySpec: 'SYMMETRIC_DEFAULT' } },
      [`blocking ${AUDIT_RULES.keyDisabled}`],
      undefined,
    ],
    [
      'a policy the evaluator cannot judge',
      DETECTOR,
      { ...GOOD, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' }] }) },
      [`warning ${AUDIT_RULES.keyPolicyUnreadable}`],
      undefined,
    ],
    ["CloudWatch Logs' own key, not required", { ...DETECTOR, kmsKeyId: undefined }, undefined, [], undefined],
    ["CloudWatch Logs' own key, --require-customer-key", { ...DETECTOR, kmsKeyId: undefined }, undefined, [`warning ${AUDIT_RULES.awsOwnedKey}`], 'warning'],
    [
      "CloudWatch Logs' own key, --require-customer-key=blocking",
      { ...DETECTOR, kmsKeyId: undefined },
      undefined,
      [`blocking ${AUDIT_RULES.awsOwnedKey}`],
      'blocking',
    ],
    // Reported as unreadable instead (throttled beyond retries, the network): neither judged nor taken for CloudWatch Logs' own key.
    ['a customer key that could not be read for another reason', DETECTOR, undefined, [], 'blocking'],
  ])('%s', (_, detector, key, expected, requireCustomerKey) => {
    expect(rules(detector, key, requireCustomerKey)).toEqual(expected);
  });

  test('a key of another account whose policy cannot be read is a warning naming both accounts; its state still counts', () => {
    const foreignKey = KEY.replace(ACCOUNT, OTHER);
    const key: KeyFacts = { ...GOOD, keyArn: foreignKey, policy: { failed: 'kms:GetKeyPolicy', code: 'AccessDeniedException', message: 'cross-account' } };
    const findings = detectorFindings({ ...DETECTOR, kmsKeyId: foreignKey }, key, { callerAccount: ACCOUNT, now: NOW });
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: AUDIT_RULES.keyPolicyUnreadable,
        message: `Key ${foreignKey} belongs to account ${OTHER}, whose key policy cannot be read from ${ACCOUNT} (kms:GetKeyPolicy: AccessDeniedException); audit account ${OTHER} too (--accounts) to read it there.`,
      },
    ]);
    const undescribed = detectorFindings({ ...DETECTOR, kmsKeyId: foreignKey }, { ...key, metadata: denied }, { callerAccount: ACCOUNT, now: NOW });
    expect(undescribed.map((f) => `${f.severity} ${f.rule}`)).toEqual([`warning ${AUDIT_RULES.keyPolicyUnreadable}`]);
  });

  test('a pending deletion names the date and the days left', () => {
    const key: KeyFacts = { ...GOOD, metadata: { keyState: 'PendingDeletion', keySpec: 'SYMMETRIC_DEFAULT', deletionDate: new Date('2026-12-09T12:00:00Z') } };
    expect(detectorFindings(DETECTOR, key, { callerAccount: ACCOUNT, now: NOW })[0].message).toBe(
      `Key ${KEY} is pending deletion on 2026-12-09T12:00:00.000Z, in 8 days: then the detector's encrypted data (its model and findings) cannot be retrieved. Cancel it with kms cancel-key-deletion.`,
    );
  });

  test('the policy is judged per detector ARN: a policy for another account denies this one', () => {
    const policy = JSON.stringify({ Statement: [accountRootStatement(SCOPE), ...anomalyDetectorKeyPolicy({ ...SCOPE, account: OTHER }).Statement.slice(1)] });
    expect(rules(DETECTOR, { ...GOOD, policy })).toEqual([`blocking ${AUDIT_RULES.keyPolicyDeniesLogs}`]);
    expect(rules({ ...DETECTOR, detectorArn: DETECTOR.detectorArn.replace(ACCOUNT, OTHER) }, { ...GOOD, policy })).toEqual([]);
  });
});

describe('logGroupFindings', () => {
  const LOG_GROUP: LogGroupFacts = {
    logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/orders`,
    logGroupName: '/app/orders',
    region: 'us-east-1',
    kmsKeyId: KEY,
  };
  /** The key serves the detectors and, through the guide's log-group statement, the log groups `names`. */
  const serving = (names: string[]): KeyFacts => ({ ...GOOD, policy: JSON.stringify(anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], names)) });
  const SERVING = serving(['/app/*']);
  const logGroupRules = (key: KeyFacts | undefined) =>
    logGroupFindings(LOG_GROUP, key, { callerAccount: ACCOUNT, now: NOW }).map((f) => `${f.severity} ${f.rule}`);

  test('a usable key whose policy serves the log group gives none', () => {
    expect(logGroupRules(SERVING)).toEqual([]);
  });

  test.each<[string, KeyFacts | undefined, string[]]>([
    ['a disabled key', { ...SERVING, metadata: { keyState: 'Disabled', keySpec: 'SYMMETRIC_DEFAULT' } }, [`blocking ${AUDIT_RULES.keyDisabled}`]],
    [
      'a key pending deletion',
      { ...SERVING, metadata: { keyState: 'PendingDeletion', keySpec: 'SYMMETRIC_DEFAULT', deletionDate: new Date('2026-12-09T00:00:00Z') } },
      [`blocking ${AUDIT_RULES.keyPendingDeletion}`],
    ],
    ['a key gone or unreadable in its own account', { ...SERVING, metadata: denied }, [`blocking ${AUDIT_RULES.keyUnreadable}`]],
    ['an asymmetric key', { ...SERVING, metadata: { keyState: 'Enabled', keySpec: 'RSA_2048' } }, [`blocking ${AUDIT_RULES.keyNotSymmetric}`]],
    ['rotation off', { ...SERVING, rotationEnabled: false }, [`warning ${AUDIT_RULES.keyRotationOff}`]],
    [
      'a policy the evaluator cannot judge',
      { ...SERVING, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' }] }) },
      [`warning ${AUDIT_RULES.keyPolicyUnreadable}`],
    ],
    ['a policy for detectors only (no log-group statement)', GOOD, [`blocking ${AUDIT_RULES.keyPolicyDeniesLogs}`]],
    ['a policy serving other log groups', serving(['/other/*']), [`blocking ${AUDIT_RULES.keyPolicyDeniesLogs}`]],
    // Reported as unreadable instead (throttled beyond retries, the network): not judged.
    ['a key that could not be read for another reason', undefined, []],
  ])('%s', (_, key, expected) => {
    expect(logGroupRules(key)).toEqual(expected);
  });

  test('a denied GenerateDataKey names the call and what is lost, judged for the log group ARN', () => {
    const [finding] = logGroupFindings(LOG_GROUP, GOOD, { callerAccount: ACCOUNT, now: NOW });
    expect(finding.message).toContain(`The policy of key ${KEY} no longer lets CloudWatch Logs use it for this log group: `);
    expect(finding.message).toContain('kms:GenerateDataKey under kms:EncryptionContext:aws:logs:arn is allowed by no statement');
    expect(finding.message).toMatch(/the log group's encrypted events cannot be read, and CloudWatch Logs cannot write new ones\.$/);
  });

  test('a policy that still allows GenerateDataKey and Decrypt but not the rest of the guide is a warning naming what is missing', () => {
    const statement = logGroupsStatement(SCOPE, ['/app/*']);
    const policy = JSON.stringify({ Statement: [accountRootStatement(SCOPE), { ...statement, Action: ['kms:GenerateDataKey*', 'kms:Decrypt*'] }] });
    const findings = logGroupFindings(LOG_GROUP, { ...GOOD, policy }, { callerAccount: ACCOUNT, now: NOW });
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([`warning ${AUDIT_RULES.keyPolicyDeniesLogs}`]);
    expect(findings[0].message).toContain('kms:Encrypt under kms:EncryptionContext:aws:logs:arn is allowed by no statement');
    expect(findings[0].message).not.toContain('cannot be read');
  });

  test('an explicit Deny of Decrypt for the log group is blocking and names the statement', () => {
    const deny = {
      Sid: 'DenyLogsDecrypt',
      Effect: 'Deny',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: 'kms:Decrypt',
      Resource: '*',
    };
    const policy = JSON.stringify({ Statement: [...anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], ['/app/*']).Statement, deny] });
    const [finding] = logGroupFindings(LOG_GROUP, { ...GOOD, policy }, { callerAccount: ACCOUNT, now: NOW });
    expect(finding).toEqual(expect.objectContaining({ severity: 'blocking', rule: AUDIT_RULES.keyPolicyDeniesLogs }));
    expect(finding.message).toContain('kms:Decrypt under kms:EncryptionContext:aws:logs:arn is denied by DenyLogsDecrypt');
  });

  test('a key of another account not read there is a warning, as for a detector', () => {
    const foreignKey = KEY.replace(ACCOUNT, OTHER);
    const key: KeyFacts = { ...SERVING, keyArn: foreignKey, metadata: denied };
    expect(logGroupFindings({ ...LOG_GROUP, kmsKeyId: foreignKey }, key, { callerAccount: ACCOUNT }).map((f) => f.rule)).toEqual([
      AUDIT_RULES.keyPolicyUnreadable,
    ]);
  });
});

describe('auditExitCode', () => {
  const report = (severity?: 'blocking' | 'warning', unreadable = false): AuditReport => ({
    regions: ['us-east-1'],
    accounts: [ACCOUNT],
    time: new Date(0),
    unreadable: unreadable ? [{ accountId: OTHER, region: null, call: 'sts:AssumeRole', code: 'AccessDenied', message: 'no' }] : [],
    detectors: [
      {
        detectorArn: DETECTOR.detectorArn,
        accountId: ACCOUNT,
        region: 'us-east-1',
        kmsKeyId: KEY,
        findings: severity ? [{ severity, rule: AUDIT_RULES.keyRotationOff, message: 'x' }] : [],
      },
    ],
    logGroups: [],
  });
  test.each<['blocking' | 'warning' | undefined, 'blocking' | 'warning' | 'never', boolean, number]>([
    ['blocking', 'blocking', false, 1],
    ['warning', 'blocking', false, 0],
    ['warning', 'warning', false, 1],
    ['blocking', 'never', false, 0],
    [undefined, 'warning', false, 0],
    [undefined, 'blocking', true, 2],
    ['blocking', 'blocking', true, 2],
    ['blocking', 'never', true, 0],
  ])('a %s finding with --fail-on %s, an account unreadable: %s, exits %i', (severity, failOn, unreadable, code) => {
    expect(auditExitCode(report(severity, unreadable), failOn)).toBe(code);
  });

  test('a log group with a blocking finding fails the audit like a detector', () => {
    const logGroup = {
      logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`,
      logGroupName: '/app',
      accountId: ACCOUNT,
      region: 'us-east-1',
      kmsKeyId: KEY,
      findings: [{ severity: 'blocking' as const, rule: AUDIT_RULES.keyDisabled, message: 'x' }],
    };
    const clean = report(undefined);
    expect([auditExitCode({ ...clean, logGroups: [logGroup] }, 'blocking'), auditExitCode(clean, 'blocking')]).toEqual([1, 0]);
  });
});

describe('audit refuses bad input before any call', () => {
  // No endpoint and no credentials: a call would fail otherwise than these messages say.
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['audit', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => '', env: {}, cwd: '/' });
    return { code, stdout, stderr };
  }
  test.each([
    [['--region', 'US-EAST'], "audit: --region must be an AWS region name like 'us-east-1', got 'US-EAST'\n"],
    [
      ['--region', 'us-east-1', '--detector', 'arn:aws:logs:us-east-1:1:log-group:x'],
      "audit: --detector must be an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID), got 'arn:aws:logs:us-east-1:1:log-group:x'\n",
    ],
    [
      ['--region', 'us-east-1', '--detector', `arn:aws:logs:eu-west-1:${ACCOUNT}:anomaly-detector:abc`],
      `audit: --detector 'arn:aws:logs:eu-west-1:${ACCOUNT}:anomaly-detector:abc' is in region eu-west-1, not in --region us-east-1\n`,
    ],
    [['--region', 'us-east-1', '--format', 'yaml'], "audit: --format must be one of markdown | json | ocsf, got 'yaml'\n"],
    [['--region', 'us-east-1', '--accounts', '1234'], "audit: --accounts takes 12-digit account ids, comma-separated, got '1234'\n"],
    [['--region', 'us-east-1', '--accounts', `${ACCOUNT},`], "audit: --accounts takes 12-digit account ids, comma-separated, got ''\n"],
    [['--region', 'us-east-1', '--accounts', ACCOUNT, '--organization'], 'audit: --accounts and --organization choose the accounts two ways: give one\n'],
    [
      ['--region', 'us-east-1', '--organization', '--detector', DETECTOR.detectorArn],
      'audit: --detector names its accounts in its ARNs: it does not go with --accounts or --organization\n',
    ],
    [['--region', 'us-east-1', '--role-name', 'a/b'], "audit: --role-name must be an IAM role name (1 to 64 of letters, digits and +=,.@_-), got 'a/b'\n"],
    [['--region', 'us-east-1', '--concurrency', '0'], "audit: --concurrency must be a whole number from 1 to 64, got '0'\n"],
    [['--region', 'us-east-1', '--concurrency', '2.5'], "audit: --concurrency must be a whole number from 1 to 64, got '2.5'\n"],
    [['--region', 'us-east-1', '--require-customer-key=always'], "audit: --require-customer-key must be one of warning | blocking, got 'always'\n"],
    [[], expect.stringMatching(/^audit: no region: pass --region or set AWS_REGION; usage: /) as unknown as string],
  ])('%j', async (argv, stderr) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr });
  });
});
