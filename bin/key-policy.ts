/**
 * The existing-key workflow, automated:
 *
 *   key-policy merge --region R --account A [--partition P] < policy.json > new.json
 *   key-policy check --region R --account A [--partition P] < policy.json
 *
 * `merge` adds the CloudWatch Logs anomaly-detector statements to a key policy (as from
 * `aws kms get-key-policy --query Policy --output text`), keeping every existing statement, and
 * prints the result for `aws kms put-key-policy`. `check` exits 1 and says what is missing when
 * the policy would not let CloudWatch Logs use the key for anomaly detectors.
 */
import { readFileSync } from 'node:fs';
import { mergeKeyPolicy } from '../modules/key-policy';
import { missingLogsPermissions } from '../modules/logs-key-access';

const USAGE = 'usage: key-policy merge|check --region REGION --account ACCOUNT [--partition PARTITION] < policy.json';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value; ${USAGE}`);
  return value;
}

function main(args: readonly string[]): number {
  const [command] = args;
  const region = option(args, 'region');
  const account = option(args, 'account');
  const partition = option(args, 'partition');
  if ((command !== 'merge' && command !== 'check') || !region || !account) throw new Error(USAGE);
  const policy = readFileSync(0, 'utf8');
  if (command === 'merge') {
    process.stdout.write(mergeKeyPolicy(policy, region, account, partition));
    return 0;
  }
  const missing = missingLogsPermissions(policy, { region, account, partition });
  if (missing.length === 0) {
    process.stdout.write(`OK: CloudWatch Logs may use this key for anomaly detectors of ${account} in ${region}\n`);
    return 0;
  }
  process.stdout.write(`MISSING: CloudWatch Logs may not use this key for anomaly detectors of ${account} in ${region}:\n`);
  for (const line of missing) process.stdout.write(`- ${line}\n`);
  process.stdout.write('Run `key-policy merge` to add the statements.\n');
  return 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`key-policy: ${(e as Error).message}\n`);
  process.exit(2);
}
