import { ResourceChange } from '../../../../terraform-runner/plan-json';
import { reviewPlan } from '../../../../cli/plan-review/review-plan';
import { exitCodeFor } from '../../../../cli/plan-review/render-markdown';
import { refusingFindings } from '../../../../cli/deploy/guarded-deploy';
import { anomalyDetectorKeyPolicy } from '../../../../modules/key-policy';

// Plans shaped as `terraform show -json` writes them for hashicorp/aws 5.100.0.
const ACCOUNT = '111122223333';
const SCOPE = { region: 'us-east-1', account: ACCOUNT };
const KEY_A = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY_B = `arn:aws:kms:us-east-1:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`;
const group = (kmsKeyId: string | null, name = '/app/web') => ({
  name,
  arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`,
  kms_key_id: kmsKeyId,
  retention_in_days: 30,
});
const key = (policy = anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], ['/app/web'])) => ({ arn: KEY_A, is_enabled: true, policy: JSON.stringify(policy) });

function change(type: string, name: string, actions: ResourceChange['change']['actions'], before: object | null, after: object | null): ResourceChange {
  return { address: `${type}.${name}`, type, name, change: { actions, before: before as never, after: after as never, after_unknown: {} } };
}
const plan = (...resourceChanges: ResourceChange[]) => reviewPlan({ format_version: '1.2', resource_changes: resourceChanges });
const rulesOf = (review: ReturnType<typeof reviewPlan>) => review.findings.map((f) => [f.severity, f.rule, f.address]);

describe('plan review of log groups and their keys', () => {
  test("deleting a key that a log group's events still need is blocking and names the log group", () => {
    const review = plan(change('aws_kms_key', 'a', ['delete'], key(), null), change('aws_cloudwatch_log_group', 'web', ['no-op'], group(KEY_A), group(KEY_A)));
    expect(rulesOf(review)).toEqual([['blocking', 'key-deletion', 'aws_kms_key.a']]);
    expect(review.findings[0].message).toBe(
      `Key ${KEY_A} is scheduled for deletion: data encrypted with it can no longer be retrieved: the events of log group /app/web, and anomaly detectors' models and findings.`,
    );
    expect(exitCodeFor(review, 'blocking')).toBe(1);
  });

  test('switching a log group to another key while deleting the old one is blocking; the switch itself warns', () => {
    const review = plan(change('aws_kms_key', 'a', ['delete'], key(), null), change('aws_cloudwatch_log_group', 'web', ['update'], group(KEY_A), group(KEY_B)));
    expect(rulesOf(review)).toEqual([
      ['blocking', 'key-deletion', 'aws_kms_key.a'],
      ['warning', 'log-group-key-switched', 'aws_cloudwatch_log_group.web'],
    ]);
    expect(review.findings[0].message).toContain('the events of log group /app/web');
    // --allow-key-deletion lets a reviewed deletion through, as for any key.
    expect(refusingFindings(review, true)).toEqual([]);
  });

  test('a key switch alone is a warning that the old events need the old key, and an association change', () => {
    const review = plan(change('aws_cloudwatch_log_group', 'web', ['update'], group(KEY_A), group(KEY_B)));
    expect(review.findings).toEqual([
      {
        severity: 'warning',
        rule: 'log-group-key-switched',
        address: 'aws_cloudwatch_log_group.web',
        message: `Log group /app/web switches its key to ${KEY_B} in place: the events it holds stay encrypted with ${KEY_A}, which must stay Enabled, with a policy letting CloudWatch Logs use it for this log group, as long as those events are kept.`,
      },
    ]);
    expect(review.changes).toEqual([{ address: 'aws_cloudwatch_log_group.web', action: 'update', why: `kms_key_id ${KEY_A} → ${KEY_B} (in place)` }]);
    expect(review.associationChanges).toBe(true);
    expect(exitCodeFor(review, 'blocking')).toBe(0);
  });

  test('dropping the key warns too; giving a log group its first key does not', () => {
    expect(rulesOf(plan(change('aws_cloudwatch_log_group', 'web', ['update'], group(KEY_A), group(null))))).toEqual([
      ['warning', 'log-group-key-switched', 'aws_cloudwatch_log_group.web'],
    ]);
    const first = plan(change('aws_cloudwatch_log_group', 'web', ['update'], group(null), group(KEY_A)));
    expect(first.findings).toEqual([]);
    expect(first.associationChanges).toBe(true);
  });

  test('disabling a key a log group uses is blocking and names the log group', () => {
    const review = plan(
      change('aws_kms_key', 'a', ['update'], key(), { ...key(), is_enabled: false }),
      change('aws_cloudwatch_log_group', 'web', ['no-op'], group(KEY_A), group(KEY_A)),
    );
    expect(rulesOf(review)).toEqual([['blocking', 'key-disabled', 'aws_kms_key.a']]);
    expect(review.findings[0].message).toContain('the events of log group /app/web');
  });

  test("a policy that takes CloudWatch Logs' access for the log group away is blocking, naming it; the detectors keep theirs", () => {
    const review = plan(
      change('aws_kms_key', 'a', ['update'], key(), key(anomalyDetectorKeyPolicy(SCOPE))),
      change('aws_cloudwatch_log_group', 'web', ['no-op'], group(KEY_A), group(KEY_A)),
    );
    expect(review.findings.map((f) => f.message)).toEqual([
      `Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for log group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/web; its events encrypted with this key become unreadable.`,
    ]);
  });

  test('a log group the old policy names by pattern is probed too, with no log group in the plan', () => {
    const review = plan(
      change('aws_kms_key', 'a', ['update'], key(anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], ['/app/*'])), key(anomalyDetectorKeyPolicy(SCOPE))),
    );
    expect(review.findings.map((f) => [f.rule, f.message.split(';')[0]])).toEqual([
      [
        'key-policy-narrowed',
        `Key policy narrowed: CloudWatch Logs loses kms:GenerateDataKey/kms:Decrypt for log group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/*`,
      ],
    ]);
  });

  test('adding a log group to the policy, or a log group destroyed with its key, is not a loss of readable events', () => {
    expect(plan(change('aws_kms_key', 'a', ['update'], key(anomalyDetectorKeyPolicy(SCOPE)), key())).findings).toEqual([]);
    const both = plan(change('aws_kms_key', 'a', ['delete'], key(), null), change('aws_cloudwatch_log_group', 'web', ['delete'], group(KEY_A), null));
    expect(both.findings[0].message).toBe(
      `Key ${KEY_A} is scheduled for deletion: data encrypted with it (anomaly detectors, their models and findings) can no longer be retrieved.`,
    );
  });
});
