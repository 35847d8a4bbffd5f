import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { auditClientConfig, AuditClientFactory, auditDetectors } from '../../../../cli/audit/audit-detectors';
import { CannedAwsHttp } from '../../support/canned-aws-http';
import { anomalyDetectorKeyPolicy } from '../../../../modules/key-policy';
import { AUDITOR_ACTIONS, MEMBER_READ_ACTIONS, UNGRANTED_ACTIONS } from '../../../../cli/audit/audit-permissions';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const detectorArn = (i: number) => `arn:aws:logs:us-east-1:${A}:anomaly-detector:d${i}`;

type Answer = (command: string, input: object) => unknown;

/** Real SDK clients whose calls never leave the process: each is answered (or refused) by `answer`, after `delayMs`. */
function stubbedClients(answer: Answer, delayMs = 0, inFlight = { now: 0, max: 0 }): AuditClientFactory {
  return (region) => {
    const config = { region, credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' } };
    const clients = {
      logs: new CloudWatchLogsClient(config),
      kms: new KMSClient(config),
      sts: new STSClient(config),
      organizations: new OrganizationsClient(config),
    };
    const stub =
      <I extends object, O extends object>(_next: unknown, context: { commandName?: string }) =>
      async (args: { input: I }): Promise<{ output: O; response: unknown }> => {
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        try {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return { output: answer(context.commandName!.replace(/Command$/, ''), args.input) as O, response: {} };
        } finally {
          inFlight.now--;
        }
      };
    clients.logs.middlewareStack.add(stub, { step: 'initialize' });
    clients.kms.middlewareStack.add(stub, { step: 'initialize' });
    clients.sts.middlewareStack.add(stub, { step: 'initialize' });
    clients.organizations.middlewareStack.add(stub, { step: 'initialize' });
    return clients;
  };
}

function account(detectors: number, keyAnswer: (command: string) => unknown): Answer {
  return (command) => {
    switch (command) {
      case 'GetCallerIdentity':
        return { Account: A, Arn: `arn:aws:iam::${A}:user/auditor` };
      case 'ListLogAnomalyDetectors':
        return { anomalyDetectors: Array.from({ length: detectors }, (_, i) => ({ anomalyDetectorArn: detectorArn(i), kmsKeyId: KEY })) };
      default:
        return keyAnswer(command);
    }
  };
}

const usableKey = (command: string) => {
  if (command === 'DescribeKey') return { KeyMetadata: { KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' } };
  if (command === 'GetKeyPolicy') return { Policy: JSON.stringify(anomalyDetectorKeyPolicy({ region: 'us-east-1', account: A }, [], [A], ['/app/*'])) };
  return { KeyRotationEnabled: true };
};

describe('auditDetectors', () => {
  test('a key throttled beyond the SDK retries is reported as unreadable after 3 attempts, never as a finding about the key', async () => {
    // KMS answered at the HTTP handler, below the SDK's retry middleware, with audit's own client settings.
    const kmsHttp = new CannedAwsHttp((operation) =>
      operation === 'GetKeyRotationStatus' ? { error: 'ThrottlingException', message: 'Rate exceeded' } : { body: usableKey(operation) },
    );
    const others = stubbedClients(account(2, () => ({})));
    const report = await auditDetectors({
      regions: ['us-east-1'],
      clients: (region, credentials) => ({
        ...others(region, credentials),
        kms: new KMSClient({ ...auditClientConfig(region, undefined, { accessKeyId: 'stub', secretAccessKey: 'stub' }), requestHandler: kmsHttp }),
      }),
    });
    expect(report.detectors.map((d) => d.findings)).toEqual([[], []]);
    expect(report.unreadable).toEqual([
      { accountId: A, region: 'us-east-1', call: `kms:GetKeyRotationStatus ${KEY}`, code: 'ThrottlingException', message: 'Rate exceeded' },
    ]);
    // The SDK's default of 3 attempts, all sent; the key's other reads once each.
    expect(kmsHttp.operations().sort()).toEqual(['DescribeKey', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetKeyRotationStatus', 'GetKeyRotationStatus']);
  });

  test.each([1, 3, 8])('--concurrency %i bounds the reads in flight', async (concurrency) => {
    const inFlight = { now: 0, max: 0 };
    // 40 keys, 3 reads each, all ready at once: only the bound holds them back.
    const keys = Array.from({ length: 40 }, (_, i) => KEY.replace(/ab$/, String(i).padStart(2, '0')));
    const answer: Answer = (command) => {
      if (command === 'GetCallerIdentity') return { Account: A, Arn: `arn:aws:iam::${A}:user/auditor` };
      if (command === 'ListLogAnomalyDetectors') return { anomalyDetectors: keys.map((kmsKeyId, i) => ({ anomalyDetectorArn: detectorArn(i), kmsKeyId })) };
      return usableKey(command);
    };
    const report = await auditDetectors({ regions: ['us-east-1'], concurrency, clients: stubbedClients(answer, 2, inFlight) });
    expect(report.detectors).toHaveLength(40);
    expect(inFlight.max).toBe(concurrency);
  });

  describe('log groups', () => {
    const OTHER_KEY = KEY.replace(/ab$/, 'cd');
    const logGroupArn = (name: string) => `arn:aws:logs:us-east-1:${A}:log-group:${name}`;
    /** Two DescribeLogGroups pages: one group on the detectors' key (by `arn`, as older answers give it), one on a disabled key, one with no key. */
    const answer =
      (calls: string[], refuseLogGroups = false): Answer =>
      (command, input) => {
        calls.push(command === 'DescribeKey' ? `DescribeKey ${(input as { KeyId: string }).KeyId}` : command);
        if (command === 'GetCallerIdentity') return { Account: A, Arn: `arn:aws:iam::${A}:user/auditor` };
        if (command === 'ListLogAnomalyDetectors')
          return { anomalyDetectors: [{ anomalyDetectorArn: detectorArn(0), kmsKeyId: KEY, logGroupArnList: [`${logGroupArn('/app/shared')}:*`] }] };
        if (command === 'DescribeLogGroups') {
          if (refuseLogGroups) throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
          return (input as { nextToken?: string }).nextToken === undefined
            ? { logGroups: [{ logGroupName: '/app/shared', arn: `${logGroupArn('/app/shared')}:*`, kmsKeyId: KEY }], nextToken: 'page-2' }
            : {
                logGroups: [
                  { logGroupName: '/app/disabled', logGroupArn: logGroupArn('/app/disabled'), arn: `${logGroupArn('/app/disabled')}:*`, kmsKeyId: OTHER_KEY },
                  { logGroupName: '/app/plain', logGroupArn: logGroupArn('/app/plain') },
                ],
              };
        }
        if (command === 'DescribeKey' && (input as { KeyId: string }).KeyId === OTHER_KEY)
          return { KeyMetadata: { KeyState: 'Disabled', KeySpec: 'SYMMETRIC_DEFAULT' } };
        return usableKey(command);
      };
    const tally = (calls: string[]) => calls.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

    test('every page of one DescribeLogGroups walk; only groups with a key; each key read once, shared by a detector and a log group or not', async () => {
      const calls: string[] = [];
      const report = await auditDetectors({ regions: ['us-east-1'], clients: stubbedClients(answer(calls)) });
      expect(
        report.logGroups.map((g) => [g.logGroupArn, g.logGroupName, g.accountId, g.region, g.kmsKeyId, g.findings.map((f) => `${f.severity} ${f.rule}`)]),
      ).toEqual([
        [logGroupArn('/app/shared'), '/app/shared', A, 'us-east-1', KEY, []],
        [logGroupArn('/app/disabled'), '/app/disabled', A, 'us-east-1', OTHER_KEY, ['blocking key-disabled']],
      ]);
      expect(report.detectors.map((d) => d.findings)).toEqual([[]]);
      expect(tally(calls)).toEqual({
        GetCallerIdentity: 1,
        ListLogAnomalyDetectors: 1,
        DescribeLogGroups: 2,
        [`DescribeKey ${KEY}`]: 1,
        [`DescribeKey ${OTHER_KEY}`]: 1,
        GetKeyPolicy: 2,
        GetKeyRotationStatus: 2,
      });
      expect(MEMBER_READ_ACTIONS).toContain('logs:DescribeLogGroups');
    });

    test('--detector keeps the log groups the named detectors watch, and reads no other key', async () => {
      const calls: string[] = [];
      const report = await auditDetectors({ regions: ['us-east-1'], detectorArns: [detectorArn(0)], clients: stubbedClients(answer(calls)) });
      expect(report.logGroups.map((g) => g.logGroupName)).toEqual(['/app/shared']);
      expect(calls).not.toContain(`DescribeKey ${OTHER_KEY}`);
    });

    test('log groups that cannot be listed are reported with the call; the detectors are still audited', async () => {
      const report = await auditDetectors({ regions: ['us-east-1'], clients: stubbedClients(answer([], true)) });
      expect(report.unreadable).toEqual([
        { accountId: A, region: 'us-east-1', call: 'logs:DescribeLogGroups', code: 'AccessDeniedException', message: 'not authorized' },
      ]);
      expect(report.detectors).toHaveLength(1);
      expect(report.logGroups).toEqual([]);
    });
  });
});

describe('the committed audit policies and the calls audit makes', () => {
  const B = '444455556666';
  /** Clients of one account that record `service:Operation` for every call any of them makes. */
  function recordingClients(calls: Set<string>): AuditClientFactory {
    return (region, credentials) => {
      const account = credentials?.accessKeyId === `key-${B}` ? B : A;
      const config = { region, credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' } };
      const answer = (command: string): unknown => {
        switch (command) {
          case 'GetCallerIdentity':
            return { Account: account, Arn: `arn:aws:iam::${account}:user/auditor` };
          case 'ListAccounts':
            return { Accounts: [A, B].map((Id) => ({ Id, Status: 'ACTIVE' })) };
          case 'AssumeRole':
            return { Credentials: { AccessKeyId: `key-${B}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date() } };
          case 'ListLogAnomalyDetectors':
            return { anomalyDetectors: [{ anomalyDetectorArn: `arn:aws:logs:us-east-1:${account}:anomaly-detector:d`, kmsKeyId: KEY }] };
          case 'DescribeLogGroups':
            return { logGroups: [{ logGroupName: '/app/web', arn: `arn:aws:logs:us-east-1:${account}:log-group:/app/web:*`, kmsKeyId: KEY }] };
          default:
            return usableKey(command);
        }
      };
      const recorder =
        (service: string) =>
        <O extends object>(_next: unknown, context: { commandName?: string }) =>
        (): Promise<{ output: O; response: unknown }> => {
          const command = context.commandName!.replace(/Command$/, '');
          calls.add(`${service}:${command}`);
          return Promise.resolve({ output: answer(command) as O, response: {} });
        };
      const clients = {
        logs: new CloudWatchLogsClient(config),
        kms: new KMSClient(config),
        sts: new STSClient(config),
        organizations: new OrganizationsClient(config),
      };
      clients.logs.middlewareStack.add(recorder('logs'), { step: 'initialize' });
      clients.kms.middlewareStack.add(recorder('kms'), { step: 'initialize' });
      clients.sts.middlewareStack.add(recorder('sts'), { step: 'initialize' });
      clients.organizations.middlewareStack.add(recorder('organizations'), { step: 'initialize' });
      return clients;
    };
  }

  test('the auditor and member-role policies together grant exactly the calls an organization audit makes (sts:GetCallerIdentity needs no grant), and nothing that writes', async () => {
    const calls = new Set<string>();
    const report = await auditDetectors({ regions: ['us-east-1'], organization: true, clients: recordingClients(calls) });
    // The run read both accounts: every kind of call was made.
    expect(report.detectors.map((d) => d.accountId).sort()).toEqual([A, B]);
    const granted = ['auditor-policy.json', 'member-role-policy.json'].flatMap((file) => {
      const policy = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'cli', 'audit', 'policies', file), 'utf8')) as {
        Statement: Array<{ Effect: string; Action: string[] }>;
      };
      return policy.Statement.flatMap((s) => (s.Effect === 'Allow' ? s.Action : []));
    });
    expect(granted.sort()).toEqual([...calls].filter((c) => c !== 'sts:GetCallerIdentity').sort());
    // AssumeRole changes nothing: it hands out the role's credentials.
    expect(granted.every((a) => /^((logs|kms|organizations):(Get|List|Describe)|sts:AssumeRole$)/.test(a))).toBe(true);
    // The one list the policies are generated from is the calls made, too.
    expect([...MEMBER_READ_ACTIONS, ...AUDITOR_ACTIONS, ...UNGRANTED_ACTIONS].sort()).toEqual([...calls].sort());
  });
});
