import { ResourceChange } from '../../../../terraform-runner/plan-json';
import { reviewPlan } from '../../../../cli/plan-review/review-plan';
import { exitCodeFor, renderMarkdown } from '../../../../cli/plan-review/render-markdown';
import { refusingFindings } from '../../../../cli/deploy/guarded-deploy';
import { accountRootStatement, anomalyDetectorKeyPolicy, anomalyDetectorLogsStatements, KEY_POLICY_VERSION } from '../../../../modules/key-policy';
import { anomalyDetectorArnPattern } from '../../../../modules/aws/cloudwatch-logs';

// Shaped as `terraform show -json` writes them for hashicorp/aws 5.100.0; the integration
// tests feed plan review real plans, these pin single rules.
const KEY_A = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SCOPE = { region: 'us-east-1', account: '111122223333' };
const detector = {
  arn: 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:old',
  kms_key_id: KEY_A,
  filter_pattern: null,
  anomaly_visibility_time: 21,
  detector_name: 'd',
  log_group_arn_list: ['arn:aws:logs:us-east-1:111122223333:log-group:/a'],
};

function change(
  type: string,
  actions: ResourceChange['change']['actions'],
  before: object | null,
  after: object | null,
  afterUnknown: object = {},
): ResourceChange {
  return { address: `${type}.x`, type, name: 'x', change: { actions, before: before as never, after: after as never, after_unknown: afterUnknown } as never };
}

describe('reviewPlan', () => {
  test('a replacement names only what the user changed, not computed values left unknown', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        change(
          'aws_cloudwatch_log_anomaly_detector',
          ['delete', 'create'],
          detector,
          { ...detector, arn: undefined, detector_name: 'renamed', anomaly_visibility_time: undefined },
          { arn: true, anomaly_visibility_time: true },
        ),
      ],
    };
    const review = reviewPlan(plan);
    expect(review.changes[0].why).toBe('detector_name changed (UpdateLogAnomalyDetector cannot change them)');
    expect(review.associationChanges).toBe(false);
    expect(exitCodeFor(review, 'blocking')).toBe(0);
    expect(exitCodeFor(review, 'replace')).toBe(1);
  });

  test('a disabled key and a narrowed policy are blocking', () => {
    const key = { arn: KEY_A, is_enabled: true, policy: JSON.stringify(anomalyDetectorKeyPolicy(SCOPE)) };
    const narrowed = { ...key, is_enabled: false, policy: JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] }) };
    const review = reviewPlan({ format_version: '1.2', resource_changes: [change('aws_kms_key', ['update'], key, narrowed)] });
    expect(review.findings.map((f) => [f.severity, f.message.split(': ')[0]])).toEqual([
      ['blocking', `Key ${KEY_A} is disabled`],
      ['blocking', 'Key policy narrowed'],
    ]);
    expect(review.findings[1].message).toBe(
      'Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors of account 111122223333 ' +
        '(kms:EncryptionContext:aws:logs:arn) and kms:ReEncrypt* (kms:EncryptionContext:aws-crypto-ec:aws:logs:arn); ' +
        'detectors encrypted with this key become unreadable.',
    );
    expect(exitCodeFor(review, 'blocking')).toBe(1);
    expect(exitCodeFor(review, 'never')).toBe(0);
  });

  test('a * principal is flagged as widening', () => {
    const key = { arn: KEY_A, policy: JSON.stringify(anomalyDetectorKeyPolicy(SCOPE)) };
    const open = anomalyDetectorKeyPolicy(SCOPE, [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]);
    const review = reviewPlan({ format_version: '1.2', resource_changes: [change('aws_kms_key', ['update'], key, { ...key, policy: JSON.stringify(open) })] });
    expect(review.findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(renderMarkdown(review)).toContain('Key policy widened: principals of other accounts may now decrypt with the key');
  });

  test('an existing key without prevent_destroy in the configuration is blocking', () => {
    const key = { arn: KEY_A };
    const review = reviewPlan(
      { format_version: '1.2', resource_changes: [change('aws_kms_key', ['no-op'], key, key)] },
      { resource: { aws_kms_key: { x: { lifecycle: { prevent_destroy: false } } } } },
    );
    expect(review.findings).toEqual([
      {
        severity: 'blocking',
        rule: 'key-unprotected',
        address: 'aws_kms_key.x',
        message: `Key ${KEY_A} is not protected by prevent_destroy: a later plan could delete it and make its data unretrievable.`,
      },
    ]);
  });

  test('a key forgotten by a removed block is a note, not a deletion, and the summary counts it', () => {
    const review = reviewPlan({ format_version: '1.2', resource_changes: [change('aws_kms_key', ['forget'], { arn: KEY_A }, null)] });
    expect(review.changes).toEqual([{ address: 'aws_kms_key.x', action: 'forget', why: 'forgotten, not deleted' }]);
    expect(review.findings.map((f) => [f.severity, f.rule])).toEqual([['info', 'key-forgotten']]);
    expect(renderMarkdown(review)).toContain('**0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to forget** · 0 blocking, 0 warnings');
    expect(exitCodeFor(review, 'replace')).toBe(0);
  });

  test('each finding is printed with its rule id', () => {
    const review = reviewPlan({ format_version: '1.2', resource_changes: [change('aws_kms_key', ['delete'], { arn: KEY_A }, null)] });
    expect(renderMarkdown(review)).toContain(`- \`aws_kms_key.x\` (key-deletion): \`Key ${KEY_A} is scheduled for deletion`);
  });
});

describe('reviewPlan, a key shared with other accounts', () => {
  const SHARED_KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const SHARED_SCOPE = { region: 'us-east-1', account: '111111111111' };
  const OWN = '111111111111';
  const OTHER = '222222222222';

  /** The guide's statements, each conditioned on the detectors of every account given (per context key). */
  function sharedKeyPolicy(accounts: { plain: string[]; encryptionSdk: string[] }): string {
    const [plain, encryptionSdk] = anomalyDetectorLogsStatements(SHARED_SCOPE);
    const conditionedOn = (statement: typeof plain, detectorAccounts: string[]) => {
      const [contextKey] = Object.keys(statement.Condition?.ArnLike ?? {});
      const patterns = detectorAccounts.map((account) => anomalyDetectorArnPattern({ ...SHARED_SCOPE, account }));
      return { ...statement, Condition: { ArnLike: { [contextKey]: patterns } } };
    };
    return JSON.stringify({
      Version: KEY_POLICY_VERSION,
      Statement: [accountRootStatement(SHARED_SCOPE), conditionedOn(plain, accounts.plain), conditionedOn(encryptionSdk, accounts.encryptionSdk)],
    });
  }
  const forAll = (...accounts: string[]) => sharedKeyPolicy({ plain: accounts, encryptionSdk: accounts });
  const rootOnly = JSON.stringify({ Version: KEY_POLICY_VERSION, Statement: [accountRootStatement(SHARED_SCOPE)] });

  function reviewPolicyChange(before: string, after: string) {
    return reviewPlan({
      format_version: '1.2',
      resource_changes: [change('aws_kms_key', ['update'], { arn: SHARED_KEY, policy: before }, { arn: SHARED_KEY, policy: after })],
    });
  }

  test("dropping one account's detectors is one blocking finding naming that account only", () => {
    const review = reviewPolicyChange(forAll(OWN, OTHER), forAll(OWN));
    expect(review.findings.map((f) => [f.severity, f.rule])).toEqual([['blocking', 'key-policy-narrowed']]);
    expect(review.findings[0].message).toBe(
      `Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors of account ${OTHER} ` +
        '(kms:EncryptionContext:aws:logs:arn) and kms:ReEncrypt* (kms:EncryptionContext:aws-crypto-ec:aws:logs:arn); ' +
        'detectors encrypted with this key become unreadable.',
    );
    expect(review.findings[0].message).not.toContain(OWN);
  });

  test('dropping one account from the plain encryption context only names that context', () => {
    const review = reviewPolicyChange(forAll(OWN, OTHER), sharedKeyPolicy({ plain: [OWN], encryptionSdk: [OWN, OTHER] }));
    expect(review.findings.map((f) => f.message)).toEqual([
      `Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for anomaly detectors of account ${OTHER} (kms:EncryptionContext:aws:logs:arn); detectors encrypted with this key become unreadable.`,
    ]);
  });

  test('dropping both accounts is one blocking finding for each', () => {
    const review = reviewPolicyChange(forAll(OWN, OTHER), rootOnly);
    expect(review.findings.map((f) => [f.severity, f.rule])).toEqual([
      ['blocking', 'key-policy-narrowed'],
      ['blocking', 'key-policy-narrowed'],
    ]);
    expect(review.findings[0].message).toContain(`for anomaly detectors of account ${OWN} `);
    expect(review.findings[1].message).toContain(`for anomaly detectors of account ${OTHER} `);
  });

  test("adding an account's detectors is a widening warning naming it", () => {
    const review = reviewPolicyChange(forAll(OWN, OTHER), forAll(OWN, OTHER, '333333333333'));
    expect(review.findings).toEqual([
      {
        severity: 'warning',
        rule: 'key-policy-widened',
        address: 'aws_kms_key.x',
        message: 'Key policy widened: CloudWatch Logs may now use the key for anomaly detectors of account 333333333333.',
      },
    ]);
  });

  test('reordering the accounts changes nothing', () => {
    expect(reviewPolicyChange(forAll(OWN, OTHER), forAll(OTHER, OWN)).findings).toEqual([]);
  });
});

describe('refusingFindings (the guarded deploy)', () => {
  const deletion = reviewPlan({ format_version: '1.2', resource_changes: [change('aws_kms_key', ['delete'], { arn: KEY_A }, null)] });
  const disabling = reviewPlan({
    format_version: '1.2',
    resource_changes: [change('aws_kms_key', ['update'], { arn: KEY_A, is_enabled: true }, { arn: KEY_A, is_enabled: false })],
  });

  test('refuses a key deletion unless it is explicitly allowed', () => {
    expect(refusingFindings(deletion, false).map((f) => f.rule)).toEqual(['key-deletion']);
    expect(refusingFindings(deletion, true)).toEqual([]);
  });

  test('allowing key deletion lets no other blocking finding through', () => {
    expect(refusingFindings(disabling, true).map((f) => f.rule)).toEqual(['key-disabled']);
  });
});
