import { ACCOUNT_ID, partitionRuleBroken, REGION_NAME } from '../../modules/aws/partitions';
import { mergeKeyPolicy } from '../../modules/key-policy';
import { UnsupportedPolicyError } from '../../modules/key-policy-evaluator';
import { missingLogsPermissions, otherAccountsMayDecrypt } from '../../modules/logs-key-access';
import { Command } from '../command-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

const USAGE = 'usage: kms-anomaly-detector key-policy merge|check --region REGION --account ACCOUNT [--partition PARTITION] < policy.json';

const HELP = `${USAGE}

The existing-key workflow: read a key policy (aws kms get-key-policy --query Policy --output
text) on standard input.

  merge   print the policy with the two CloudWatch Logs anomaly-detector statements added
          (every existing statement kept; merging twice changes nothing), for put-key-policy
  check   say whether CloudWatch Logs may use the key for anomaly detectors of ACCOUNT in
          REGION, and what is missing; warn when the key is open to every principal

  --region REGION       the key's region (CloudWatch Logs' principal is regional)
  --account ACCOUNT     the 12-digit account of the detectors
  --partition NAME      aws, aws-cn or aws-us-gov (default: the region's)

Exit codes: 0 merged, or the policy is sufficient; 1 check found something missing;
2 bad input (flags, or a policy that is not a key policy).
`;

function scopeOf(values: { region?: string; account?: string; partition?: string }) {
  const { region, account, partition } = values;
  if (region === undefined) throw new UsageError(`--region is required; ${USAGE}`);
  if (account === undefined) throw new UsageError(`--account is required; ${USAGE}`);
  if (!REGION_NAME.test(region)) throw new UsageError(`--region must be an AWS region name like 'us-east-1', got '${region}'`);
  if (!ACCOUNT_ID.test(account)) throw new UsageError(`--account must be 12 digits, got '${account}'`);
  const rule = partition === undefined ? undefined : partitionRuleBroken(partition, region);
  if (rule !== undefined) throw new UsageError(`--partition must be ${rule}, got '${partition}'`);
  return { region, account, partition };
}

function check(policy: string, scope: ReturnType<typeof scopeOf>, io: { stdout: (text: string) => void }): number {
  let missing: string[];
  let open: boolean;
  try {
    missing = missingLogsPermissions(policy, scope);
    open = otherAccountsMayDecrypt(policy, '*');
  } catch (e) {
    if (e instanceof UnsupportedPolicyError || e instanceof SyntaxError) throw new UsageError(`the policy cannot be checked: ${e.message}`);
    throw e;
  }
  const where = `anomaly detectors of ${scope.account} in ${scope.region}`;
  if (open) io.stdout('WARNING: the key is open to every principal: a principal of any account may decrypt with it (Principal "*" without a condition?)\n');
  if (missing.length === 0) {
    io.stdout(`OK: CloudWatch Logs may use this key for ${where}\n`);
    return 0;
  }
  io.stdout(`MISSING: CloudWatch Logs may not use this key for ${where}:\n`);
  for (const line of missing) io.stdout(`- ${line}\n`);
  io.stdout('Run `key-policy merge` to add the statements.\n');
  return 1;
}

export const keyPolicyCommand: Command = {
  summary: 'merge the CloudWatch Logs statements into a key policy, or check one',
  help: HELP,
  run(argv, io) {
    const { values, positionals } = parseOptions(argv, { region: { type: 'string' }, account: { type: 'string' }, partition: { type: 'string' } }, USAGE);
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
      io.stdout(mergeKeyPolicy(policy, scope.region, scope.account, scope.partition));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return Promise.resolve(0);
  },
};
