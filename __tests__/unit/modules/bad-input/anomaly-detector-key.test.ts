import { TerraformVariable, Token } from 'cdktf';
import { AnomalyDetectorKey, AnomalyDetectorKeyProps } from '../../../../modules/anomaly-detector-key';
import { onlyResource, synthStack } from '../../../support/synth';

// Every prop of AnomalyDetectorKeyProps against each bad-input class that applies to it: the
// wrong JavaScript type, empty, too long, out of range or enum, a wrong region or partition.

const ACCOUNT = '111122223333';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALIAS_RULE = "must be a name of letters, digits, '/', '_' and '-' after 'alias/'";
const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const allow = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/audit` }, Action: 'kms:DescribeKey', Resource: '*' };

function makeKey(props: unknown, region: string | null = 'us-east-1') {
  return synthStack((stack) => new AnomalyDetectorKey(stack, 'key', props as AnomalyDetectorKeyProps), region);
}

const PATH_RULE = "must be a construct path below the stack, ids joined by '/' (like 'key' or 'detector/Key')";

describe('AnomalyDetectorKey refuses bad props', () => {
  test.each<[string, unknown, string]>([
    ['props: null', null, "'props' must be an object of AnomalyDetectorKeyProps, got null"],
    ['props: a string', 'key', "'props' must be an object of AnomalyDetectorKeyProps, got string 'key'"],

    ['alias: a number', { alias: 42 }, "'alias' must be a string, got number 42"],
    ['alias: empty', { alias: '' }, `'alias' ${ALIAS_RULE}, got ''`],
    ['alias: the bare prefix', { alias: 'alias/' }, `'alias' ${ALIAS_RULE}, got 'alias/'`],
    ['alias: a space', { alias: 'has space' }, `'alias' ${ALIAS_RULE}, got 'has space'`],
    ['alias: 257 characters with the prefix', { alias: 'a'.repeat(251) }, "'alias' must be at most 256 characters with 'alias/', got 257"],
    ['alias: reserved prefix', { alias: 'alias/aws/logs' }, "'alias' must not start with 'alias/aws/' (reserved for AWS managed keys), got 'alias/aws/logs'"],
    ['alias: reserved once prefixed', { alias: 'aws/logs' }, "'alias' must not start with 'alias/aws/' (reserved for AWS managed keys), got 'aws/logs'"],

    ['renamedFrom: a number', { renamedFrom: 7 }, "'renamedFrom' must be a string, got number 7"],
    ['renamedFrom: empty', { renamedFrom: '' }, `'renamedFrom' ${PATH_RULE}, got ''`],
    ['renamedFrom: a leading slash', { renamedFrom: '/key' }, `'renamedFrom' ${PATH_RULE}, got '/key'`],
    ['renamedFrom: an empty id', { renamedFrom: 'detector//Key' }, `'renamedFrom' ${PATH_RULE}, got 'detector//Key'`],
    ['renamedFrom: its own path', { renamedFrom: 'key' }, "'renamedFrom' must name the path the key had before, not its path now, got 'key'"],

    ['description: a boolean', { description: true }, "'description' must be a string, got boolean true"],
    ['description: 8193 characters', { description: 'd'.repeat(8193) }, "'description' must be at most 8192 characters, got 8193"],

    [
      'logGroupNames: a string',
      { logGroupNames: '/app' },
      `'logGroupNames' must be a non-empty list of log group names (or '*' for every log group), got "/app"`,
    ],
    ['logGroupNames: empty', { logGroupNames: [] }, "'logGroupNames' must be a non-empty list of log group names (or '*' for every log group), got []"],
    ['logGroupNames: a number', { logGroupNames: [7] }, "'logGroupNames[0]' must be a log group name string, got 7"],
    [
      'logGroupNames: an empty name',
      { logGroupNames: [''] },
      "'logGroupNames[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got ''",
    ],
    [
      'logGroupNames: 513 characters',
      { logGroupNames: ['a'.repeat(513)] },
      `'logGroupNames[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got '${'a'.repeat(513)}'`,
    ],
    [
      'logGroupNames: a space',
      { logGroupNames: ['my logs'] },
      "'logGroupNames[0]' must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got 'my logs'",
    ],
    ['logGroupNames: twice', { logGroupNames: ['/a', '/a'] }, "'logGroupNames' must not name a log group twice, got '/a' twice"],
    ['logGroups (deprecated): twice', { logGroups: ['/a', '/a'] }, "'logGroups' must not name a log group twice, got '/a' twice"],

    ['keySpec: a number', { keySpec: 1 }, "'keySpec' must be a string, got number 1"],
    ['keySpec: empty', { keySpec: '' }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got '': CloudWatch Logs supports only symmetric KMS keys"],
    ['keySpec: RSA_2048', { keySpec: 'RSA_2048' }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got 'RSA_2048': CloudWatch Logs supports only symmetric KMS keys"],
    ['keySpec: HMAC_256', { keySpec: 'HMAC_256' }, "'keySpec' must be 'SYMMETRIC_DEFAULT', got 'HMAC_256': CloudWatch Logs supports only symmetric KMS keys"],

    ['enableKeyRotation: a string', { enableKeyRotation: 'false' }, "'enableKeyRotation' must be a boolean, got string 'false'"],

    ['rotationPeriodInDays: a string', { rotationPeriodInDays: '180' }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got string '180'"],
    ['rotationPeriodInDays: 89', { rotationPeriodInDays: 89 }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got 89"],
    ['rotationPeriodInDays: 2561', { rotationPeriodInDays: 2561 }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got 2561"],
    ['rotationPeriodInDays: a fraction', { rotationPeriodInDays: 180.5 }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got 180.5"],
    ['rotationPeriodInDays: NaN', { rotationPeriodInDays: NaN }, "'rotationPeriodInDays' must be a whole number between 90 and 2560, got NaN"],
    [
      'rotationPeriodInDays without rotation',
      { rotationPeriodInDays: 180, enableKeyRotation: false },
      "'rotationPeriodInDays' needs 'enableKeyRotation' true, got enableKeyRotation false",
    ],

    ['deletionWindowInDays: a string', { deletionWindowInDays: '30' }, "'deletionWindowInDays' must be a whole number between 7 and 30, got string '30'"],
    ['deletionWindowInDays: 6', { deletionWindowInDays: 6 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 6"],
    ['deletionWindowInDays: 31', { deletionWindowInDays: 31 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 31"],
    ['deletionWindowInDays: a fraction', { deletionWindowInDays: 7.5 }, "'deletionWindowInDays' must be a whole number between 7 and 30, got 7.5"],

    ['preventDestroy: a string', { preventDestroy: 'true' }, "'preventDestroy' must be a boolean, got string 'true'"],

    ['region: a number', { region: 1 }, "'region' must be a string, got number 1"],
    ['region: empty', { region: '' }, "'region' must be an AWS region name like 'us-east-1', got ''"],
    ['region: not a region name', { region: 'useast1' }, "'region' must be an AWS region name like 'us-east-1', got 'useast1'"],
    [
      "region: not the provider's",
      { region: 'eu-west-1' },
      "'region' must be the region us-east-1 of the default aws provider, which creates the key, got 'eu-west-1': the key policy would let CloudWatch Logs of another region use the key (a resource in another region than its provider's needs the `region` argument of hashicorp/aws 6.0.0 or later, and this binding pins 5.100.0)",
    ],

    ['account: a number', { account: 123456789012 }, "'account' must be a string, got number 123456789012"],
    ['account: empty', { account: '' }, "'account' must be 12 digits, got ''"],
    ['account: 5 digits', { account: '12345' }, "'account' must be 12 digits, got '12345'"],
    ['account: 13 digits', { account: '1234567890123' }, "'account' must be 12 digits, got '1234567890123'"],

    ['partition: a number', { partition: 1 }, "'partition' must be a string, got number 1"],
    ['partition: empty', { partition: '' }, "'partition' must be a partition name like 'aws', got ''"],
    ['partition: upper case', { partition: 'AWS' }, "'partition' must be a partition name like 'aws', got 'AWS'"],
    ["partition: not the region's", { partition: 'aws-cn' }, "'partition' must be aws for region us-east-1, got 'aws-cn'"],

    [
      'additionalPolicyStatements: not a list',
      { additionalPolicyStatements: {} },
      "'additionalPolicyStatements' must be a list of key policy statements, got {}",
    ],
    [
      'additionalPolicyStatements: a string element',
      { additionalPolicyStatements: ['x'] },
      `'additionalPolicyStatements[0]' must be a key policy statement object, got "x"`,
    ],
    [
      'additionalPolicyStatements: lower-case Effect',
      { additionalPolicyStatements: [{ ...allow, Effect: 'allow' }] },
      `'additionalPolicyStatements[0].Effect' must be Allow | Deny, got "allow"`,
    ],
    [
      'additionalPolicyStatements: no Principal',
      { additionalPolicyStatements: [{ ...allow, Principal: undefined }] },
      "'additionalPolicyStatements[0].Principal' must be given: KMS refuses key policy statements without a principal",
    ],
    [
      'additionalPolicyStatements: empty Action list',
      { additionalPolicyStatements: [{ ...allow, Action: [] }] },
      "'additionalPolicyStatements[0].Action' must be a non-empty string or a non-empty list of them, got []",
    ],
    [
      'additionalPolicyStatements: no Resource',
      { additionalPolicyStatements: [{ ...allow, Resource: undefined }] },
      "'additionalPolicyStatements[0].Resource' must be a non-empty string or a non-empty list of them, got none",
    ],
    [
      'additionalPolicyStatements: a numeric Sid',
      { additionalPolicyStatements: [allow, { ...allow, Sid: 7 }] },
      "'additionalPolicyStatements[1].Sid' must be a string, got 7",
    ],
    [
      'additionalPolicyStatements: a Sid of the built-in statements',
      { additionalPolicyStatements: [{ ...allow, Sid: 'Enable IAM User Permissions' }] },
      "Key policy statement Sids must be unique, got 'Sid' 'Enable IAM User Permissions' twice",
    ],

    ['tags: a string', { tags: 'team=a' }, "'tags' must be a map of strings, got string 'team=a'"],
    ['tags: a list', { tags: ['a'] }, `'tags' must be a map of strings, got array ["a"]`],
    ['tags: 51 tags', { tags: manyTags(51) }, "'tags' must hold at most 50 tags, got 51"],
    ['tags: an empty key', { tags: { '': 'v' } }, "'tags' keys must be 1 to 128 characters, got '' (0)"],
    ['tags: a 129-character key', { tags: { ['k'.repeat(129)]: 'v' } }, `'tags' keys must be 1 to 128 characters, got '${'k'.repeat(129)}' (129)`],
    ['tags: a reserved key', { tags: { 'AWS:owner': 'v' } }, "'tags' keys must not start with 'aws:' (reserved for AWS), got 'AWS:owner'"],
    ['tags: a numeric value', { tags: { team: 1 } }, "'tags.team' must be a string, got number 1"],
    ['tags: a 257-character value', { tags: { team: 'v'.repeat(257) } }, "'tags.team' must be at most 256 characters, got 257"],
  ])('%s', (_, props, message) => {
    const withAccount = props !== null && typeof props === 'object' && !('account' in props) ? { account: ACCOUNT, ...props } : props;
    expect(() => makeKey(withAccount)).toThrow(new Error(message));
  });

  test('addToResourcePolicy checks the statement as it checks additionalPolicyStatements', () => {
    synthStack((stack) => {
      const key = new AnomalyDetectorKey(stack, 'key', { account: ACCOUNT });
      expect(() => key.addToResourcePolicy({ ...allow, Effect: 'Maybe' } as never)).toThrow(
        new Error(`'statement[0].Effect' must be Allow | Deny, got "Maybe"`),
      );
    });
  });
});

describe('AnomalyDetectorKey accepts what KMS accepts, and passes it to the resource unchanged', () => {
  const tags = { ...manyTags(48), équipe: '', ['k'.repeat(128)]: 'v'.repeat(256) };
  const notAction = { ...allow, Action: undefined, NotAction: 'kms:Decrypt', Resource: undefined, NotResource: '*' };
  /** What each case must show in the synthesized key and alias. */
  type Shown = { key?: Record<string, unknown>; alias?: string; statement?: Record<string, unknown> };
  test.each<[string, AnomalyDetectorKeyProps, Shown]>([
    ['an empty description', { description: '' }, { key: { description: '' } }],
    ['an alias given with its prefix, at 256 characters', { alias: `alias/${'a'.repeat(250)}` }, { alias: `alias/${'a'.repeat(250)}` }],
    ['an alias that only starts like the reserved prefix', { alias: 'awsome/key' }, { alias: 'alias/awsome/key' }],
    [
      'the window and rotation bounds',
      { deletionWindowInDays: 7, rotationPeriodInDays: 2560 },
      { key: { deletion_window_in_days: 7, rotation_period_in_days: 2560 } },
    ],
    ['the lower rotation bound', { rotationPeriodInDays: 90 }, { key: { rotation_period_in_days: 90 } }],
    [
      "the provider's region and its partition",
      { region: 'us-east-1', partition: 'aws' },
      { statement: { Principal: { Service: 'logs.us-east-1.amazonaws.com' } } },
    ],
    ['50 tags, an empty value, unicode and 128-character keys', { tags }, { key: { tags } }],
    [
      'a statement with NotAction and NotResource',
      { additionalPolicyStatements: [notAction as never] },
      { statement: { Effect: 'Allow', Principal: allow.Principal, NotAction: 'kms:Decrypt', NotResource: '*' } },
    ],
  ])('%s', (_, props, shown) => {
    const synthesized = makeKey({ account: ACCOUNT, ...props });
    const key = onlyResource(synthesized, 'aws_kms_key');
    if (shown.key) expect(key).toMatchObject(shown.key);
    if (shown.alias) expect(onlyResource(synthesized, 'aws_kms_alias').name).toBe(shown.alias);
    if (shown.statement) {
      expect((JSON.parse(key.policy as string) as { Statement: object[] }).Statement).toContainEqual(expect.objectContaining(shown.statement));
    }
  });

  test("any well-formed region when the provider's region is not a literal", () => {
    expect(() => makeKey({ account: ACCOUNT, region: 'eu-west-1' }, null)).not.toThrow();
  });

  test('unresolved values (tokens) of every prop, left to plan time', () => {
    const synthesized = synthStack((stack) => {
      const variable = (name: string, type: string) => new TerraformVariable(stack, name, { type });
      new AnomalyDetectorKey(stack, 'key', {
        alias: variable('alias', 'string').stringValue,
        description: variable('description', 'string').stringValue,
        keySpec: variable('key_spec', 'string').stringValue,
        enableKeyRotation: variable('rotation', 'bool').booleanValue as unknown as boolean,
        rotationPeriodInDays: variable('rotation_days', 'number').numberValue,
        deletionWindowInDays: variable('window', 'number').numberValue,
        preventDestroy: variable('protect', 'bool').booleanValue as unknown as boolean,
        region: variable('region', 'string').stringValue,
        account: variable('account', 'string').stringValue,
        partition: variable('partition', 'string').stringValue,
        tags: Token.asStringMap(variable('tags', 'map(string)').value),
      });
    });
    expect(onlyResource(synthesized, 'aws_kms_key').deletion_window_in_days).toBe('${var.window}');
  });
});

describe('AnomalyDetectorKey.fromKeyArn refuses what is not a key ARN', () => {
  const arnRule = (value: string) =>
    `'keyArn' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID); CloudWatch Logs stores anomaly-detector keys by ARN, not alias or id, got '${value}'`;

  test.each<[string, unknown, string]>([
    ['a number', 42, "'keyArn' must be a KMS key ARN string, got number 42"],
    ['undefined', undefined, "'keyArn' must be a KMS key ARN string, got undefined"],
    ['empty', '', arnRule('')],
    ['an alias', 'alias/my-key', arnRule('alias/my-key')],
    ['an alias ARN', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/my-key`, arnRule(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/my-key`)],
    ['a key id', '1234abcd-12ab-34cd-56ef-1234567890ab', arnRule('1234abcd-12ab-34cd-56ef-1234567890ab')],
    ['a malformed key id', `arn:aws:kms:us-east-1:${ACCOUNT}:key/not-a-key-id`, arnRule(`arn:aws:kms:us-east-1:${ACCOUNT}:key/not-a-key-id`)],
    ['a too long key id', `${KEY_ARN}${'0'.repeat(200)}`, arnRule(`${KEY_ARN}${'0'.repeat(200)}`)],
    [
      'an ARN of another service',
      `arn:aws:logs:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      arnRule(`arn:aws:logs:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
    ],
  ])('%s', (_, value, message) => {
    expect(() => synthStack((stack) => AnomalyDetectorKey.fromKeyArn(stack, 'imported', value as string))).toThrow(new Error(message));
  });

  test('accepts a token and a multi-Region key ARN', () => {
    synthStack((stack) => {
      const arn = new TerraformVariable(stack, 'key_arn', { type: 'string' }).stringValue;
      expect(AnomalyDetectorKey.fromKeyArn(stack, 'token', arn).keyArn).toBe(arn);
      const mrk = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
      expect(AnomalyDetectorKey.fromKeyArn(stack, 'mrk', mrk).keyArn).toBe(mrk);
    });
  });
});
