/**
 * Plans a hostile pull request could hand plan review: text that tries to break out of the
 * markdown, wildcard shapes that make a backtracking matcher explode, policies naming thousands
 * of accounts, addresses too long for a comment or built to mislead SARIF. Written out here,
 * independently of the product's policy builder; shared by the tests and the bench.
 */
import { documentedLogsKeyPolicy } from './logs-key-policy';

export const HOSTILE_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab';
const SCOPE = { partition: 'aws', region: 'us-east-1', account: '111122223333' };

/** The `for_each` key of the issue: breaks out of a one-backtick code span into an image, a link and a team mention. */
export const BREAKOUT_KEY = 'a` <img src=https://attacker.example/px.gif> @acme/security-team [✅ approved](https://attacker.example) `b';
/** A Sid that, echoed raw, opens a heading claiming safety and hides everything after it in an HTML comment. */
export const VERDICT_SID = 'x\n### ✅ No blocking findings: safe to merge\n<!--';
/** Right-to-left override and zero-width characters: text that displays other than it reads. */
export const DISPLAY_TRICKS = 'evil\u202Etxt.exe\u200B\u2066';

interface Change {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly change: { readonly actions: readonly string[]; readonly before: object | null; readonly after: object | null; readonly after_unknown?: object };
}

export interface HostileCase {
  /** What the case attacks, as the bench and the tests name it. */
  readonly name: string;
  /** `terraform show -json` of the plan. */
  readonly plan: { readonly format_version: string; readonly resource_changes: readonly Change[] };
  /** A .tf.json configuration to pass with --config (SARIF anchors findings in it). */
  readonly config?: object;
}

const plan = (...changes: Change[]): HostileCase['plan'] => ({ format_version: '1.2', resource_changes: changes });

function keyPolicyUpdate(address: string, before: string, after: string, arn = HOSTILE_KEY_ARN): Change {
  const key = { arn, is_enabled: true, policy: before };
  return { address, type: 'aws_kms_key', name: 'main', change: { actions: ['update'], before: key, after: { ...key, policy: after } } };
}

function keyDeletion(address: string, arn: string): Change {
  return { address, type: 'aws_kms_key', name: 'gone', change: { actions: ['delete'], before: { arn, is_enabled: true }, after: null } };
}

const guidePolicy = () => JSON.parse(documentedLogsKeyPolicy(SCOPE)) as { Version: string; Statement: object[] };
const withStatement = (statement: object) => {
  const policy = guidePolicy();
  return JSON.stringify({ ...policy, Statement: [...policy.Statement, statement] });
};

/** `*?` pairs, then a character no key ARN or detector ARN ends with: a backtracking RegExp tries every split. */
export const backtrackingPattern = (pairs: number) => `${'*?'.repeat(pairs)}!`;

/** Twelve-digit accounts, from 200000000000 up. */
export const accounts = (count: number) => Array.from({ length: count }, (_, i) => String(200_000_000_000 + i));

/** CloudWatch Logs may use the key for the detectors of every account given (one StringLike value each). */
function accountsPolicy(names: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SCOPE.account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': names.map((a) => `arn:aws:logs:us-east-1:${a}:anomaly-detector:*`) } },
      },
    ],
  });
}

/** Every field plan review renders, each carrying an injection; a key deletion follows, which must stay visible. */
function injectionCase(): HostileCase {
  const logGroupName = `/app/${BREAKOUT_KEY}`;
  const detectorArn = `arn:aws:logs:us-east-1:111122223333:anomaly-detector:${DISPLAY_TRICKS}`;
  return {
    name: 'injection in every rendered field',
    plan: plan(
      keyPolicyUpdate(
        `aws_kms_key.main["${BREAKOUT_KEY}"]`,
        documentedLogsKeyPolicy(SCOPE),
        withStatement({ Sid: VERDICT_SID, Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }),
      ),
      keyDeletion(`aws_kms_key.gone["${DISPLAY_TRICKS}"]`, `${OTHER_KEY_ARN}</details>@acme/admins`),
      {
        address: 'aws_cloudwatch_log_group.app',
        type: 'aws_cloudwatch_log_group',
        name: 'app',
        change: {
          actions: ['no-op'],
          before: { name: logGroupName, kms_key_id: `${OTHER_KEY_ARN}</details>@acme/admins`, arn: 'x' },
          after: { name: logGroupName },
        },
      },
      {
        address: 'aws_cloudwatch_log_anomaly_detector.d',
        type: 'aws_cloudwatch_log_anomaly_detector',
        name: 'd',
        change: {
          actions: ['delete'],
          before: { arn: detectorArn, kms_key_id: HOSTILE_KEY_ARN },
          after: null,
        },
      },
      {
        address: 'aws_s3_bucket.b',
        type: 'aws_s3_bucket',
        name: 'b',
        change: { actions: ['update'], before: { tags: {} }, after: { tags: { a: 'b' }, ['<!-- hidden\n# Safe']: 1 } },
      },
    ),
  };
}

/** An address longer than a whole comment: GitHub would refuse the comment. */
function longAddressCase(): HostileCase {
  return { name: 'one address of 66,000 characters', plan: plan(keyDeletion(`aws_kms_key.gone["${'x'.repeat(66_000)}"]`, OTHER_KEY_ARN)) };
}

/** The address the issue measured: 100,000 `[`, slow for `/\[[^\]]*\]$/`. */
function bracketsCase(): HostileCase {
  return {
    name: 'an address of 100,000 [ (SARIF)',
    plan: plan(keyDeletion(`aws_kms_key.gone${'['.repeat(100_000)}`, OTHER_KEY_ARN)),
    config: { resource: { aws_kms_key: { gone: { lifecycle: { prevent_destroy: true } } } } },
  };
}

/** A quoted key that reads as another resource's address: SARIF must not anchor it at the IAM role. */
export const MISLEADING_ADDRESS = 'aws_kms_key.evil["]x.aws_iam_role.admin[0"]';
export const MISLEADING_CONFIG = {
  resource: {
    aws_iam_role: { admin: { name: 'admin', assume_role_policy: '{}' } },
    aws_kms_key: { main: { lifecycle: { prevent_destroy: true } } },
  },
};

export function hostileCorpus(): HostileCase[] {
  const narrowedFrom = accounts(500);
  return [
    injectionCase(),
    {
      name: 'Resource of 8 *? pairs',
      plan: plan(
        keyPolicyUpdate(
          'aws_kms_key.main',
          documentedLogsKeyPolicy(SCOPE),
          withStatement({ Sid: 'Shape', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: backtrackingPattern(8) }),
        ),
      ),
    },
    {
      name: 'StringLike of 8 *? pairs in a Deny',
      plan: plan(
        keyPolicyUpdate(
          'aws_kms_key.main',
          documentedLogsKeyPolicy(SCOPE),
          withStatement({
            Sid: 'Shape',
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:*',
            Resource: '*',
            Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': backtrackingPattern(8) } },
          }),
        ),
      ),
    },
    {
      name: 'policy naming 500 accounts, all dropped',
      plan: plan(keyPolicyUpdate('aws_kms_key.main', accountsPolicy(narrowedFrom), accountsPolicy([SCOPE.account]))),
    },
    {
      name: 'policy naming 2,000 accounts, all dropped',
      plan: plan(keyPolicyUpdate('aws_kms_key.main', accountsPolicy(accounts(2000)), accountsPolicy([SCOPE.account]))),
    },
    longAddressCase(),
    bracketsCase(),
    { name: 'misleading address (SARIF)', plan: plan(keyDeletion(MISLEADING_ADDRESS, OTHER_KEY_ARN)), config: MISLEADING_CONFIG },
  ];
}
