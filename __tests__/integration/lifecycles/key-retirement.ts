import { DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { Construct } from 'constructs';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { kmsClient } from '../../../testing/local-aws-environment';
import { addKeyRetirementResources, KeyRetirementProps } from '../support/key-retirement-resources';
import { uniqueName } from '../support/unique-name';

// The constructs' ways to stop using a key without deleting it, applied with the real provider.
export function keyRetirement(scenario: DefineScenario): void {
  const kms = kmsClient();
  const namePrefix = uniqueName('retire');
  const resources = (props: Partial<KeyRetirementProps>) => (scope: Construct) => addKeyRetirementResources(scope, { namePrefix, keyId: 'primary', ...props });
  const keyState = async (arn: string) => (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState;
  const keysIn = (addresses: string[]) => addresses.filter((a) => a.startsWith('aws_kms_key.'));
  let first: Record<string, string>;

  scenario('key-retirement', (s) => {
    s.step('a shared key and a detector with its own', resources({}), (test) => {
      test('both keys are made', ({ outputs }) => {
        first = { ...outputs };
        expect([first.shared_key_arn, first.own_key_arn]).toEqual([expect.stringMatching(/^arn:aws:kms:/), expect.stringMatching(/^arn:aws:kms:/)]);
      });
    });

    s.step('renamed', resources({ keyId: 'renamed', renamedFrom: 'primary' }), (test) => {
      test("a key construct renamed with 'renamedFrom' is moved: the plan destroys nothing and the key is the same", async ({
        plan,
        outputs,
        stateAddresses,
      }) => {
        // Addresses read `aws_kms_key.key-retirement_<construct id>_Key_<hash>`.
        const idOf = (address?: string) => address?.split('.')[1].split('_')[1];
        expect(plan.plannedChanges.map((c) => [c.type, c.action, idOf(c.previousAddress), idOf(c.address)]).sort()).toEqual([
          ['aws_kms_alias', 'move', 'primary', 'renamed'],
          ['aws_kms_key', 'move', 'primary', 'renamed'],
        ]);
        expect(outputs.shared_key_arn).toBe(first.shared_key_arn);
        expect(keysIn(await stateAddresses())).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_kms_key\.key-retirement_renamed_Key_/)]));
      });
    });

    s.step('retired', resources({ keyId: 'renamed', retired: true, ownKey: false }), (test) => {
      test('a retired key construct, and the key a detector made before it was given another, stay Enabled and leave the state', async ({
        plan,
        stateAddresses,
      }) => {
        // 'remove' is how `plan -json` says forget.
        expect(plan.plannedChanges.filter((c) => c.type === 'aws_kms_key').map((c) => c.action)).toEqual(['remove', 'remove']);
        expect(
          plan.plannedChanges
            .filter((c) => c.action === 'delete' || c.action === 'replace')
            .map((c) => c.type)
            .sort(),
        ).toEqual(['aws_cloudwatch_log_anomaly_detector', 'aws_cloudwatch_log_anomaly_detector', 'aws_kms_alias']);
        for (const arn of [first.shared_key_arn, first.own_key_arn]) expect([arn, await keyState(arn)]).toEqual([arn, 'Enabled']);
        expect(keysIn(await stateAddresses())).toEqual([]);
        const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: first.shared_key_arn }));
        expect(Aliases ?? []).toEqual([]);
      });
    });
  });
}
