import { assertKeyChangeReplacesDetector } from '../../../testing/assertions';
import { PlanJson, ResourceChange } from '../../../terraform-runner/plan-json';

const KEY_A = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_B = 'arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab';

function change(type: string, name: string, actions: ResourceChange['change']['actions'], before: object | null, after: object | null): ResourceChange {
  return { address: `${type}.${name}`, type, name, change: { actions, before: before as never, after: after as never, after_unknown: {} } };
}
const plan = (...changes: ResourceChange[]): PlanJson => ({ format_version: '1.2', resource_changes: changes });
const detector = (actions: ResourceChange['change']['actions'], from: string, to: string) =>
  change('aws_cloudwatch_log_anomaly_detector', 'd', actions, { kms_key_id: from }, { kms_key_id: to });

describe('assertKeyChangeReplacesDetector', () => {
  test('returns the replaced detectors of a key swap', () => {
    expect(assertKeyChangeReplacesDetector(plan(detector(['delete', 'create'], KEY_A, KEY_B)))).toEqual(['aws_cloudwatch_log_anomaly_detector.d']);
  });

  test('fails when the key changes in place', () => {
    expect(() => assertKeyChangeReplacesDetector(plan(detector(['update'], KEY_A, KEY_B)))).toThrow(
      'a key change must replace the detector, but the plan has aws_cloudwatch_log_anomaly_detector.d [update]',
    );
  });

  test('fails when a key is deleted along the way', () => {
    const deleted = change('aws_kms_key', 'a', ['delete'], { arn: KEY_A }, null);
    expect(() => assertKeyChangeReplacesDetector(plan(detector(['delete', 'create'], KEY_A, KEY_B), deleted))).toThrow(
      'a key change must not delete a key, but the plan has aws_kms_key.a [delete]',
    );
  });

  test('fails when no detector key changes', () => {
    expect(() => assertKeyChangeReplacesDetector(plan(detector(['no-op'], KEY_A, KEY_A)))).toThrow('the plan changes no detector key');
  });
});
