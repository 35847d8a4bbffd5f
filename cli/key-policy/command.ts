import { ACCOUNT_ID, partitionRuleBroken, REGION_NAME } from '../../modules/aws/partitions';
import { MAX_DETECTOR_ACCOUNTS, mergeKeyPolicy } from '../../modules/key-policy';
import { UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { missingLogsPermissions, otherAccountsMayDecrypt } from '../../modules/logs-key-access';
import { missingLogGroupPermissions } from '../../modules/log-group-key-access';
import { assertLogGroupNames } from '../../modules/log-group-key-policy';
import { Command } from '../command-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

const USAGE =
  'usage: kms-anomaly-detector key-policy merge|check --region REGION --account ACCOUNT [--account ACCOUNT ...] [--log-group NAME ...] [--partition PARTITION] < policy.json';

const HELP = `${USAGE}

The existing-key workflow: read a key policy (aws kms get-key-policy --query Policy --output
text) on standard input.

  merge   print the policy with the two CloudWatch Logs anomaly-detector statements added
          for every ACCOUNT, and the log-group statement for every --log-group (every
          existing statement, account and log group kept; merging twice changes nothing),
          for put-key-policy
  check   say whether CloudWatch Logs may use the key for anomaly detectors of every ACCOUNT
          in REGION and for every --log-group, and what is missing for which; warn when the
          key is open to every principal

  --region REGION       the key's region (CloudWatch Logs' principal is regional)
  --account ACCOUNT     a 12-digit account whose detectors use the key; repeat it for a key
                        shared across accounts (at most ${MAX_DETECTOR_ACCOUNTS})
  --log-group NAME      a log group of the first ACCOUNT in REGION the key encrypts too; '*' matches
                        any characters ('*' alone: every log group there); repeat it for more
  --partition NAME      aws, aws-cn or aws-us-gov (default: the region's)

Exit codes: 0 merged, or the policy is sufficient for every account; 1 check found something missing;
2 bad input (flags, or a policy that is not a key policy).
`;

function scopeOf(values: { region?: string; account?: string[]; partition?: string; 'log-group'?: string[] }) {
  const { region, account: accounts = [], partition, 'log-group': logGroups = [] } = values;
  if (region === undefined) throw new UsageError(`--region is required; ${USAGE}`);
  if (accounts.length === 0) throw new UsageError(`--account is required; ${USAGE}`);
  if (!REGION_NAME.test(region)) throw new UsageError(`--region must be an AWS region name like 'us-east-1', got '${region}'`);
  for (const account of accounts) if (!ACCOUNT_ID.test(account)) throw new UsageError(`--account must be 12 digits, got '${account}'`);
  const twice = accounts.find((account, i) => accounts.indexOf(account) !== i);
  if (twice !== undefined) throw new UsageError(`--account must name each account once, got '${twice}' twice`);
  if (accounts.length > MAX_DETECTOR_ACCOUNTS) {
    throw new UsageError(
      `--account may be given at most ${MAX_DETECTOR_ACCOUNTS} times, so the key policy stays under KMS's size limit, got ${accounts.length}`,
    );
  }
  const rule = partition === undefined ? undefined : partitionRuleBroken(partition, region);
  if (rule !== undefined) throw new UsageError(`--partition must be ${rule}, got '${partition}'`);
  if (logGroups.length > 0) {
    try {
      assertLogGroupNames('--log-group', logGroups);
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/'--log-group(\[\d+\])?'/, '--log-group'));
    }
  }
  return { region, accounts, partition, logGroups };
}

function check(policy: string, { region, accounts, partition, logGroups }: ReturnType<typeof scopeOf>, io: { stdout: (text: string) => void }): number {
  let missing: Array<{ what: string; lines: string[] }>;
  let open: boolean;
  try {
    missing = accounts.map((account) => ({
      what: `anomaly detectors of ${account} in ${region}`,
      lines: missingLogsPermissions(policy, { region, account, partition }),
    }));
    // Log groups are the key's own account's: the first --account.
    if (logGroups.length > 0) {
      const lines = missingLogGroupPermissions(policy, { region, account: accounts[0], partition }, logGroups);
      missing.push({ what: `log groups ${logGroups.join(', ')} of ${accounts[0]} in ${region}`, lines });
    }
    open = otherAccountsMayDecrypt(policy, '*');
  } catch (e) {
    if (e instanceof UnsupportedPolicyError || e instanceof SyntaxError) throw new UsageError(`the policy cannot be checked: ${e.message}`);
    throw e;
  }
  if (open) io.stdout('WARNING: the key is open to every principal: a principal of any account may decrypt with it (Principal "*" without a condition?)\n');
  for (const { what, lines } of missing) {
    if (lines.length === 0) {
      io.stdout(`OK: CloudWatch Logs may use this key for ${what}\n`);
      continue;
    }
    io.stdout(`MISSING: CloudWatch Logs may not use this key for ${what}:\n`);
    for (const line of lines) io.stdout(`- ${line}\n`);
  }
  if (missing.every(({ lines }) => lines.length === 0)) return 0;
  io.stdout('Run `key-policy merge` to add the statements.\n');
  return 1;
}

export const keyPolicyCommand: Command = {
  summary: 'merge the CloudWatch Logs statements into a key policy, or check one',
  help: HELP,
  run(argv, io) {
    const { values, positionals } = parseOptions(
      argv,
      {
        region: { type: 'string' },
        account: { type: 'string', multiple: true },
        partition: { type: 'string' },
        'log-group': { type: 'string', multiple: true },
      },
      USAGE,
    );
    const [action, ...extra] = positionals;
    if (action !== 'merge' && action !== 'check') {
      throw new UsageError(`the first argument must be merge or check, got ${action === undefined ? 'none' : `'${action}'`}; ${USAGE}`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'; ${USAGE}`);
    const scope = scopeOf(values);
    const policy = io.readStdin();
    if (policy.trim() === '') throw new UsageError('no key policy on standard input');
    if (action === 'check') return Promise.resolve(check(policy, scope, io));
    try {
      io.stdout(
        mergeKeyPolicy(
          policy,
          { region: scope.region, account: scope.accounts[0], partition: scope.partition },
          { detectorAccounts: scope.accounts, logGroupNames: scope.logGroups },
        ),
      );
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return Promise.resolve(0);
  },
};
