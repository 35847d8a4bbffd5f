import { DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { StackDeployment } from '../../tools/stack-deployment';
import { kmsClient, localAwsEnv, uniqueName } from './local-aws-clients';
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
    await deployment.plan();
    const plan = await deployment.planJson();
    const moved = (plan.resource_changes ?? []).filter((c) => c.previous_address !== undefined);
    expect(moved.map((c) => [c.type, c.previous_address?.split('.')[1].split('_')[0], c.address.split('.')[1].split('_')[0], c.change.actions])).toEqual([
      ['aws_kms_alias', 'primary', 'renamed', ['no-op']],
      ['aws_kms_key', 'primary', 'renamed', ['no-op']],
    ]);
    expect((plan.resource_changes ?? []).filter((c) => c.change.actions.includes('delete'))).toEqual([]);
    await deployment.apply();
    expect((await deployment.outputs()).shared_key_arn).toBe(first.shared_key_arn);
    expect(await keysInState()).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_kms_key\.renamed_Key_/)]));
  });

  test('a retired key construct, and the key a detector made before it was given another, stay Enabled and leave the state', async () => {
    synth({ keyId: 'renamed', retired: true, ownKey: false });
    await deployment.plan();
    const plan = await deployment.planJson();
    expect(
      (plan.resource_changes ?? [])
        .filter((c) => c.type === 'aws_kms_key')
        .map((c) => c.change.actions)
        .sort(),
    ).toEqual([['forget'], ['forget']]);
    await deployment.apply();
    for (const arn of [first.shared_key_arn, first.own_key_arn]) expect([arn, await keyState(arn)]).toEqual([arn, 'Enabled']);
    expect(await keysInState()).toEqual([]);
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: first.shared_key_arn }));
    expect(Aliases ?? []).toEqual([]);
  });
});
