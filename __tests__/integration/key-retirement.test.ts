import { DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { StackDeployment } from '../../terraform-runner/stack-deployment';
import { kmsClient, localAwsEnv } from '../../testing/local-aws-environment';
import { uniqueName } from './support/unique-name';
import { KeyRetirementStack, KeyRetirementStackProps } from './support/key-retirement-stack';

// The constructs' ways to stop using a key without deleting it, applied with the real provider.
describe('key constructs renamed and retired, against local AWS', () => {
  const env = localAwsEnv();
  const kms = kmsClient();
  const namePrefix = uniqueName('retire');
  const deployment = new StackDeployment(namePrefix);
  const synth = (props: Partial<KeyRetirementStackProps>) =>
    deployment.synth((app) => new KeyRetirementStack(app, 'retirement', { ...env, namePrefix, keyId: 'primary', ...props }));
  const keyState = async (arn: string) => (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState;
  const keysInState = async () => (await deployment.stateAddresses()).filter((a) => a.startsWith('aws_kms_key.'));
  let first: Record<string, string>;

  beforeAll(async () => {
    synth({});
    await deployment.deploy();
    first = await deployment.outputs();
  });

  afterAll(async () => {
    await deployment.destroy();
    deployment.remove();
  });

  test("a key construct renamed with 'renamedFrom' is moved: the plan destroys nothing and the key is the same", async () => {
    synth({ keyId: 'renamed', renamedFrom: 'primary' });
    const { plannedChanges } = await deployment.plan();
    const idOf = (address?: string) => address?.split('.')[1].split('_')[0];
    expect(plannedChanges.map((c) => [c.type, c.action, idOf(c.previousAddress), idOf(c.address)]).sort()).toEqual([
      ['aws_kms_alias', 'move', 'primary', 'renamed'],
      ['aws_kms_key', 'move', 'primary', 'renamed'],
    ]);
    await deployment.apply();
    expect((await deployment.outputs()).shared_key_arn).toBe(first.shared_key_arn);
    expect(await keysInState()).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_kms_key\.renamed_Key_/)]));
  });

  test('a retired key construct, and the key a detector made before it was given another, stay Enabled and leave the state', async () => {
    synth({ keyId: 'renamed', retired: true, ownKey: false });
    const { plannedChanges } = await deployment.plan();
    // 'remove' is how `plan -json` says forget.
    expect(plannedChanges.filter((c) => c.type === 'aws_kms_key').map((c) => c.action)).toEqual(['remove', 'remove']);
    expect(
      plannedChanges
        .filter((c) => c.action === 'delete' || c.action === 'replace')
        .map((c) => c.type)
        .sort(),
    ).toEqual(['aws_cloudwatch_log_anomaly_detector', 'aws_cloudwatch_log_anomaly_detector', 'aws_kms_alias']);
    await deployment.apply();
    for (const arn of [first.shared_key_arn, first.own_key_arn]) expect([arn, await keyState(arn)]).toEqual([arn, 'Enabled']);
    expect(await keysInState()).toEqual([]);
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: first.shared_key_arn }));
    expect(Aliases ?? []).toEqual([]);
  });
});
