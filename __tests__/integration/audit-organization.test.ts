import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogAnomalyDetectorCommand, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  KMSClient,
  KeyMetadata,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditClientFactory, auditDetectors } from '../../cli/audit/audit-detectors';
import { AccountCredentials } from '../../cli/audit/read-aws';
import { auditExitCode } from '../../cli/audit/render-audit';
import { main } from '../../cli/main';
import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../modules/key-policy';
import { LocalAws, startLocalAws } from '../../testing';
import { ocsfDetectionFindingProblems } from '../support/ocsf-required';
import { PROJECT_ROOT } from '../support/run-command';

// Its own moto: an organization made here, and "every detector of every account", must not
// meet what other test files leave in the shared local AWS.
const REGIONS = ['us-east-1', 'eu-west-1'] as const;
/** More than one page of ListLogAnomalyDetectors (50 a page) in one account and region. */
const CENTRAL_DETECTORS = 55;

interface Made {
  readonly detectorArn: string;
  readonly account: string;
  readonly region: string;
  readonly key?: string;
}

let localAws: LocalAws;
let management: string;
let workloads: string[];
const made: Made[] = [];
const keys: Record<string, KeyMetadata> = {};

const config = (region: string, credentials?: AccountCredentials) => ({
  endpoint: localAws.endpoint,
  region,
  credentials: credentials ?? { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
  maxAttempts: 1,
});

/** An SDK initialize-step middleware of any client: it sees the command's input. */
type Counting = <I extends object, O extends object>(
  next: (args: { input: I }) => Promise<{ output: O; response: unknown }>,
  context: { clientName?: string; commandName?: string },
) => (args: { input: I }) => Promise<{ output: O; response: unknown }>;

/** An SDK finalizeRequest-step middleware of any client: it sees the HTTP request as serialized. */
type Recording = <I extends object, O extends object>(
  next: (args: { input: I; request: unknown }) => Promise<{ output: O; response: unknown }>,
  context: { clientName?: string; commandName?: string },
) => (args: { input: I; request: unknown }) => Promise<{ output: O; response: unknown }>;

type Refusal = (operation: string, region: string, credentials: AccountCredentials | undefined, input: object) => string | undefined;

/** One request as it went out: the operation, whether it was sent with assumed credentials, and its body. */
interface SentRequest {
  readonly operation: string;
  readonly assumed: boolean;
  readonly body: string;
}

const operationOf = (context: { clientName?: string; commandName?: string }) =>
  `${context.clientName?.replace(/Client$/, '')}:${context.commandName?.replace(/Command$/, '')}`;

/**
 * The clients audit makes, with every call counted by service and operation, refused where
 * `refuse` says why, and, when `sent` is given, every request recorded as serialized for the wire.
 */
function countingClients(calls: string[], refuse: Refusal = () => undefined, sent?: SentRequest[]): AuditClientFactory {
  return (region, credentials) => {
    const c = config(region, credentials);
    const clients = { logs: new CloudWatchLogsClient(c), kms: new KMSClient(c), sts: new STSClient(c), organizations: new OrganizationsClient(c) };
    const counting: Counting = (next, context) => async (args) => {
      const operation = operationOf(context);
      calls.push(operation);
      const refusal = refuse(operation, region, credentials, args.input);
      if (refusal) throw Object.assign(new Error(refusal), { name: 'AccessDeniedException' });
      return next(args);
    };
    const recording: Recording = (next, context) => async (args) => {
      const { body } = args.request as { body?: unknown };
      sent?.push({ operation: operationOf(context), assumed: credentials !== undefined, body: typeof body === 'string' ? body : '' });
      return next(args);
    };
    clients.logs.middlewareStack.add(counting, { step: 'initialize' });
    clients.kms.middlewareStack.add(counting, { step: 'initialize' });
    clients.sts.middlewareStack.add(counting, { step: 'initialize' });
    clients.organizations.middlewareStack.add(counting, { step: 'initialize' });
    clients.logs.middlewareStack.add(recording, { step: 'finalizeRequest' });
    clients.kms.middlewareStack.add(recording, { step: 'finalizeRequest' });
    clients.sts.middlewareStack.add(recording, { step: 'finalizeRequest' });
    clients.organizations.middlewareStack.add(recording, { step: 'finalizeRequest' });
    return clients;
  };
}

const tally = (calls: readonly string[]) => calls.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

async function credentialsIn(account: string): Promise<AccountCredentials | undefined> {
  if (account === management) return undefined;
  const { Credentials: c } = await new STSClient(config('us-east-1')).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'test' }),
  );
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
}

/** A log group encrypted with the central key, which its policy serves. */
const CENTRAL_LOG_GROUP = '/audit-org/encrypted-central';

/** A usable key (rotation on, CloudWatch Logs allowed for `detectorAccounts`) in `account` and `region`. */
async function key(name: string, account: string, region: string, detectorAccounts: string[] = [account], logGroups: string[] = []): Promise<void> {
  const kms = new KMSClient(config(region, await credentialsIn(account)));
  const { KeyMetadata: k } = await kms.send(new CreateKeyCommand({ Description: name }));
  const policy = anomalyDetectorKeyPolicy({ region, account }, [], detectorAccounts, logGroups);
  await kms.send(new PutKeyPolicyCommand({ KeyId: k!.KeyId!, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: k!.KeyId! }));
  keys[name] = k!;
}

/** `count` detectors in `account` and `region`, on `keyName` (or CloudWatch Logs' own key), a few at a time. */
async function detectors(count: number, account: string, region: string, keyName?: string): Promise<void> {
  const logs = new CloudWatchLogsClient(config(region, await credentialsIn(account)));
  const group = `/audit-org/${keyName ?? 'own'}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== 'ResourceAlreadyExistsException') throw e;
  });
  const kmsKeyId = keyName ? keys[keyName].Arn : undefined;
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, () =>
      logs.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [`arn:aws:logs:${region}:${account}:log-group:${group}`], kmsKeyId })),
    );
    for (const { anomalyDetectorArn } of await Promise.all(batch)) made.push({ detectorArn: anomalyDetectorArn!, account, region, key: kmsKeyId });
  }
}

beforeAll(async () => {
  localAws = await startLocalAws({ env: { ...process.env, LOCAL_AWS_BACKEND: 'moto', AWS_ENDPOINT_URL: '' } });
  const organizations = new OrganizationsClient(config('us-east-1'));
  management = (await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.MasterAccountId!;
  workloads = [];
  for (const name of ['workload-1', 'workload-2']) {
    const { CreateAccountStatus } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    workloads.push(CreateAccountStatus!.AccountId!);
  }
  const [w1, w2] = workloads;

  // The central key serves the management account and workload 1; every account and region has detectors.
  await key('central', management, 'us-east-1', [management, w1], [CENTRAL_LOG_GROUP]);
  await key('w1-eu', w1, 'eu-west-1');
  await key('disabled', w2, 'eu-west-1');
  await key('pending-deletion', w2, 'eu-west-1');
  await key('root-only-policy', w1, 'us-east-1');
  await key('rotation-off', w2, 'us-east-1');
  await key('m-eu', management, 'eu-west-1');
  await detectors(CENTRAL_DETECTORS, management, 'us-east-1', 'central');
  await detectors(3, w1, 'us-east-1', 'central');
  await detectors(2, w1, 'us-east-1', 'root-only-policy');
  await detectors(2, w1, 'eu-west-1', 'w1-eu');
  await detectors(2, w2, 'eu-west-1', 'disabled');
  await detectors(2, w2, 'eu-west-1', 'pending-deletion');
  await detectors(2, w2, 'us-east-1', 'rotation-off');
  await detectors(1, w2, 'us-east-1');
  await detectors(2, management, 'eu-west-1', 'm-eu');
  // A log group of the management account on the central key too: that key is still read once.
  await new CloudWatchLogsClient(config('us-east-1')).send(new CreateLogGroupCommand({ logGroupName: CENTRAL_LOG_GROUP, kmsKeyId: keys.central.Arn }));

  // Broken after their detectors were made, as a console user or another team's stack would.
  const w2Eu = new KMSClient(config('eu-west-1', await credentialsIn(w2)));
  await w2Eu.send(new DisableKeyCommand({ KeyId: keys.disabled.KeyId! }));
  await w2Eu.send(new ScheduleKeyDeletionCommand({ KeyId: keys['pending-deletion'].KeyId!, PendingWindowInDays: 7 }));
  const rootOnly = { Version: '2012-10-17', Statement: [accountRootStatement({ region: 'us-east-1', account: w1 })] };
  await new KMSClient(config('us-east-1', await credentialsIn(w1))).send(
    new PutKeyPolicyCommand({ KeyId: keys['root-only-policy'].KeyId!, PolicyName: 'default', Policy: JSON.stringify(rootOnly) }),
  );
  await new KMSClient(config('us-east-1', await credentialsIn(w2))).send(new DisableKeyRotationCommand({ KeyId: keys['rotation-off'].KeyId! }));
});

afterAll(async () => {
  await localAws?.stop();
});

async function audit(args: string[]) {
  let stdout = '';
  let stderr = '';
  const env = {
    AWS_ENDPOINT_URL: localAws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localAws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey,
  };
  const code = await main(['audit', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => '', env, cwd: PROJECT_ROOT });
  return { code, stdout, stderr };
}

interface JsonReport {
  detectors: Array<{ detectorArn: string; accountId: string; region: string; kmsKeyId: string | null; findings: Array<{ severity: string; rule: string }> }>;
  logGroups: Array<{ logGroupArn: string; accountId: string; region: string; kmsKeyId: string; findings: unknown[] }>;
  unreadable: unknown[];
}

describe('audit --organization on local AWS: three accounts of an organization made in moto, two regions', () => {
  test('every detector of every account, with its account and region; each broken key its finding; the central key read by its own account', async () => {
    const run = await audit(['--organization', '--region', 'us-east-1', '--region', 'eu-west-1', '--format', 'json', '--fail-on', 'never']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.unreadable).toEqual([]);
    expect(report.logGroups).toEqual([
      expect.objectContaining({
        logGroupArn: `arn:aws:logs:us-east-1:${management}:log-group:${CENTRAL_LOG_GROUP}`,
        accountId: management,
        region: 'us-east-1',
        kmsKeyId: keys.central.Arn,
        findings: [],
      }),
    ]);
    expect(report.detectors.map((d) => `${d.accountId} ${d.region} ${d.detectorArn}`).sort()).toEqual(
      made.map((m) => `${m.account} ${m.region} ${m.detectorArn}`).sort(),
    );
    const rulesOn = (keyName?: string) => [
      ...new Set(
        report.detectors
          .filter((d) => d.kmsKeyId === (keyName ? keys[keyName].Arn : null))
          .map((d) => d.findings.map((f) => `${f.severity} ${f.rule}`).join(', ')),
      ),
    ];
    expect(rulesOn('central')).toEqual(['']);
    expect(rulesOn('w1-eu')).toEqual(['']);
    expect(rulesOn('m-eu')).toEqual(['']);
    expect(rulesOn('disabled')).toEqual(['blocking key-disabled']);
    expect(rulesOn('pending-deletion')).toEqual(['blocking key-pending-deletion']);
    expect(rulesOn('root-only-policy')).toEqual(['blocking key-policy-denies-logs']);
    expect(rulesOn('rotation-off')).toEqual(['warning key-rotation-off']);
    expect(rulesOn(undefined)).toEqual(['']);
  });

  test('the fewest reads: list pages and one log-group walk per account and region, three reads per distinct key (the central key once, for its detectors and its log group), one GetCallerIdentity per account, no GetLogAnomalyDetector', async () => {
    const calls: string[] = [];
    const report = await auditDetectors({ regions: REGIONS, organization: true, clients: countingClients(calls) });
    expect(report.detectors).toHaveLength(made.length);
    const listPages = REGIONS.flatMap((region) =>
      [management, ...workloads].map((account) => Math.max(1, Math.ceil(made.filter((m) => m.account === account && m.region === region).length / 50))),
    ).reduce((a, b) => a + b);
    const distinctKeys = Object.keys(keys).length;
    expect(tally(calls)).toEqual({
      'STS:GetCallerIdentity': 3,
      'STS:AssumeRole': 2,
      'Organizations:ListAccounts': 1,
      'CloudWatchLogs:ListLogAnomalyDetectors': listPages,
      // One page each: three accounts, two regions.
      'CloudWatchLogs:DescribeLogGroups': 6,
      'KMS:DescribeKey': distinctKeys,
      'KMS:GetKeyPolicy': distinctKeys,
      'KMS:GetKeyRotationStatus': distinctKeys,
    });
    expect(listPages).toBe(7);
  });

  test('an account whose role cannot be assumed and a region that cannot be listed are reported with the call; every other account is still audited; exit 2 unless --fail-on never', async () => {
    const [w1, w2] = workloads;
    // moto lets any role be assumed and any region be listed: these two are refused the way AWS refuses them.
    const refuse: Refusal = (operation, region, credentials, input) => {
      if (operation === 'STS:AssumeRole' && String((input as { RoleArn?: string }).RoleArn).includes(w2))
        return `not authorized to perform: sts:AssumeRole on ${String((input as { RoleArn?: string }).RoleArn)}`;
      if (operation === 'CloudWatchLogs:ListLogAnomalyDetectors' && region === 'eu-west-1' && credentials === undefined) return 'not authorized in eu-west-1';
      return undefined;
    };
    const report = await auditDetectors({ regions: REGIONS, accounts: [management, w1, w2], clients: countingClients([], refuse) });
    expect(report.unreadable.map((u) => [u.accountId, u.region, u.call, u.code])).toEqual(
      expect.arrayContaining([
        [w2, null, `sts:AssumeRole arn:aws:iam::${w2}:role/KmsAnomalyDetectorAudit`, 'AccessDeniedException'],
        [management, 'eu-west-1', 'logs:ListLogAnomalyDetectors', 'AccessDeniedException'],
      ]),
    );
    expect(report.unreadable).toHaveLength(2);
    expect([auditExitCode(report, 'blocking'), auditExitCode(report, 'never')]).toEqual([2, 0]);
    expect(new Set(report.detectors.map((d) => `${d.accountId} ${d.region}`))).toEqual(
      new Set([`${management} us-east-1`, `${w1} us-east-1`, `${w1} eu-west-1`]),
    );
  });

  test('--format ocsf: every finding passes the OCSF 1.3.0 required attributes of class 2004 and its objects', async () => {
    const run = await audit(['--organization', '--region', 'us-east-1', '--region', 'eu-west-1', '--format', 'ocsf']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
    const findings = JSON.parse(run.stdout) as Array<{ cloud: { account: { uid: string } } }>;
    // 2 disabled + 2 pending + 2 root-only + 2 rotation-off.
    expect(findings).toHaveLength(8);
    for (const f of findings) expect(ocsfDetectionFindingProblems(f)).toEqual([]);
    expect(new Set(findings.map((f) => f.cloud.account.uid))).toEqual(new Set(workloads));
  });
});

describe('least privilege on local AWS: what audit sends', () => {
  /** The session policy, written out here, not taken from the code under test. */
  const READS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'logs:DescribeLogGroups', 'logs:ListLogAnomalyDetectors'];
  /** SDK client name to IAM service prefix, for the clients audit uses. */
  const IAM_PREFIX: Record<string, string> = { CloudWatchLogs: 'logs', KMS: 'kms', STS: 'sts', Organizations: 'organizations' };
  const iamAction = (operation: string) => {
    const [client, name] = operation.split(':');
    return `${IAM_PREFIX[client]}:${name}`;
  };
  const committedActions = (file: string) =>
    (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cli', 'audit', 'policies', file), 'utf8')) as { Statement: Array<{ Action: string[] }> }).Statement.flatMap(
      (s) => s.Action,
    );

  let sent: SentRequest[];
  beforeAll(async () => {
    sent = [];
    const report = await auditDetectors({ regions: REGIONS, organization: true, externalId: 'org-audit:2026', clients: countingClients([], undefined, sent) });
    expect(report.unreadable).toEqual([]);
  });

  test('every AssumeRole carries the read-only session policy, the external ID and the audit role, as sent on the wire', () => {
    const assumeRoles = sent.filter((r) => r.operation === 'STS:AssumeRole').map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(assumeRoles).toHaveLength(workloads.length);
    expect(assumeRoles.map((p) => p.RoleArn).sort()).toEqual(workloads.map((w) => `arn:aws:iam::${w}:role/KmsAnomalyDetectorAudit`).sort());
    for (const params of assumeRoles) {
      expect(params.ExternalId).toBe('org-audit:2026');
      expect(params.RoleSessionName).toBe('kms-anomaly-detector-audit');
      const policy = JSON.parse(params.Policy) as { Statement: Array<{ Effect: string; Action: string[]; Resource: string }> };
      expect(policy.Statement).toHaveLength(1);
      expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
      expect([...policy.Statement[0].Action].sort()).toEqual(READS);
    }
  });

  test('the calls made with the assumed role are the member policy (and GetCallerIdentity), those of the caller add the auditor policy: no call the policies do not grant, no grant no call needs', () => {
    const made = (assumed: boolean) => [...new Set(sent.filter((r) => r.assumed === assumed).map((r) => iamAction(r.operation)))].sort();
    const member = committedActions('member-role-policy.json');
    const auditor = committedActions('auditor-policy.json');
    expect(made(true)).toEqual([...member, 'sts:GetCallerIdentity'].sort());
    expect(made(false)).toEqual([...member, ...auditor, 'sts:GetCallerIdentity'].sort());
    expect([...member].sort()).toEqual(READS);
  });
});

describe("the audit role's CloudFormation template, deployed by local AWS's CloudFormation in the member accounts", () => {
  const TEMPLATE = join(PROJECT_ROOT, 'cli', 'audit', 'role-templates', 'audit-role.cloudformation.json');
  const auditor = () => `arn:aws:iam::${management}:role/kms-anomaly-detector-auditor`;
  let roles: Array<{ trust: unknown; policy: unknown; maxSession?: number; status?: string }>;
  /**
   * moto 5.2.1 keeps a CloudFormation role's inline policy as Python's repr of the document
   * (`Role.create_from_cloudformation_json` skips the `json.dumps` its trust policy gets), so
   * GetRolePolicy answers `{'Version': ...}`; ours holds no quote or backslash, so swapping the
   * quotes back gives the document. Real IAM answers JSON, which is read as it is.
   */
  const inlinePolicy = (text: string): unknown => JSON.parse(text.startsWith("{'") ? text.replace(/'/g, '"') : text);

  beforeAll(async () => {
    // One stack with an external ID, one without: the condition is there only when asked for.
    roles = await Promise.all(
      workloads.map(async (account, i) => {
        const credentials = await credentialsIn(account);
        const cloudFormation = new CloudFormationClient(config('us-east-1', credentials));
        const parameters = [{ ParameterKey: 'AuditorPrincipalArn', ParameterValue: auditor() }];
        if (i === 0) parameters.push({ ParameterKey: 'ExternalId', ParameterValue: 'org-audit:2026' });
        await cloudFormation.send(
          new CreateStackCommand({
            StackName: 'kms-anomaly-detector-audit-role',
            TemplateBody: readFileSync(TEMPLATE, 'utf8'),
            Parameters: parameters,
            Capabilities: ['CAPABILITY_NAMED_IAM'],
          }),
        );
        const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'kms-anomaly-detector-audit-role' }));
        const iam = new IAMClient(config('us-east-1', credentials));
        const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'KmsAnomalyDetectorAudit' }));
        const { PolicyDocument } = await iam.send(
          new GetRolePolicyCommand({ RoleName: 'KmsAnomalyDetectorAudit', PolicyName: 'kms-anomaly-detector-audit-reads' }),
        );
        // IAM answers policy documents URL-encoded.
        return {
          status: Stacks?.[0]?.StackStatus,
          trust: JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)) as unknown,
          policy: inlinePolicy(decodeURIComponent(PolicyDocument!)),
          maxSession: Role!.MaxSessionDuration,
        };
      }),
    );
  });

  test('the stack is created; the role reads only, for at most an hour, with the member policy as committed', () => {
    const member: unknown = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cli', 'audit', 'policies', 'member-role-policy.json'), 'utf8'));
    for (const role of roles)
      expect({ status: role.status, policy: role.policy, maxSession: role.maxSession }).toEqual({
        status: 'CREATE_COMPLETE',
        policy: member,
        maxSession: 3600,
      });
  });

  test('only the auditor may assume it, with the external ID when one was given, and no condition when none was', () => {
    const statement = (condition?: object) => ({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'TheAuditorOnly', Effect: 'Allow', Principal: { AWS: auditor() }, Action: 'sts:AssumeRole', ...(condition && { Condition: condition }) },
      ],
    });
    expect(roles.map((r) => r.trust)).toEqual([statement({ StringEquals: { 'sts:ExternalId': 'org-audit:2026' } }), statement()]);
  });
});
