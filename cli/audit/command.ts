import { ANOMALY_DETECTOR_RESOURCE, parseArn } from '../../modules/aws/arns';
import { ACCOUNT_ID, REGION_NAME } from '../../modules/aws/partitions';
import { Command } from '../command-io';
import { packageVersion } from '../package-version';
import { oneOf, parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';
import { AUDIT_CONCURRENCY, auditDetectors } from './audit-detectors';
import { DEFAULT_AUDIT_ROLE_NAME, EXTERNAL_ID, EXTERNAL_ID_RULE, MEMBER_READ_ACTIONS } from './audit-permissions';
import { AuditSeverity } from './audit-findings';
import { AuditReadError } from './read-aws';
import { AUDIT_FAIL_ON, auditExitCode, renderAuditJson, renderAuditMarkdown } from './render-audit';
import { OCSF_VERSION, renderAuditOcsf } from './render-ocsf';

const USAGE =
  'usage: kms-anomaly-detector audit [--region REGION ...] [--accounts ID[,ID...] | --organization] [--role-name NAME] [--external-id ID] [--detector ARN ...] [--require-customer-key[=warning|blocking]] [--concurrency N] [--format markdown|json|ocsf] [--fail-on blocking|warning|never]';

/** More reads in flight than this only meets KMS's and CloudWatch Logs' request quotas sooner. */
const MAX_CONCURRENCY = 64;
/** IAM role names: 1 to 64 of these characters. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

const HELP = `${USAGE}

Reads what AWS holds now and says which anomaly detectors' encrypted data, and which log groups'
encrypted events, are at risk, and why: a key pending deletion, disabled, gone or unreadable, not
symmetric, or whose policy no longer lets CloudWatch Logs use it for the detector or the log
group (blocking); rotation off, a key of another account whose policy cannot be read, a FAILED
detector (warning). Only log groups with a customer key (kmsKeyId) are checked. Credentials and
endpoint come from the AWS SDK's default chain (AWS_PROFILE, AWS_ENDPOINT_URL, ...). It reads
each region's detector listing and log groups (DescribeLogGroups, every page) and each distinct
key once (DescribeKey, GetKeyPolicy, GetKeyRotationStatus), and changes nothing.

  --region REGION          a region to read, repeatable (default: the configured region)
  --accounts ID[,ID...]    accounts to audit, comma-separated or repeated (default: the caller's)
  --organization           every ACTIVE account of the caller's AWS Organizations organization
  --role-name NAME         the role assumed in every account but the caller's own
                           (default: ${DEFAULT_AUDIT_ROLE_NAME}, the role of the templates in
                           cli/audit/role-templates/; partition taken from the caller). Every
                           session carries a session policy that allows only the reads, so even
                           an administrator role reads only: ${MEMBER_READ_ACTIONS.join(', ')}
  --external-id ID         sent with every AssumeRole, for a role whose trust asks for one
  --detector ARN           a detector to audit, repeatable, with the log groups it watches that
                           have a customer key (default: every detector and such log group of each region)
  --require-customer-key   a detector on CloudWatch Logs' own key is a warning; =blocking makes it blocking
  --concurrency N          reads in flight at most, 1 to ${MAX_CONCURRENCY} (default: ${AUDIT_CONCURRENCY})
  --format FORMAT          markdown (default), json, or ocsf (OCSF ${OCSF_VERSION} Detection Findings, class 2004)
  --fail-on LEVEL          exit 1 on a blocking finding (default), on any finding (warning), or never

Exit codes: 0 nothing at --fail-on's level; 1 findings; 2 bad input, a read that failed before
any account could be audited, or an account or region that could not be read (the report names
it, the call and the error; every other account is still audited); --fail-on never: always 0
once the report is written.
`;

const FORMATS = ['markdown', 'json', 'ocsf'] as const;
const CUSTOMER_KEY_LEVELS = ['warning', 'blocking'] as const;

function regionsOf(given: string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  const regions = given ?? [env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? ''].filter((r) => r !== '');
  if (regions.length === 0) throw new UsageError(`no region: pass --region or set AWS_REGION; ${USAGE}`);
  for (const region of regions) if (!REGION_NAME.test(region)) throw new UsageError(`--region must be an AWS region name like 'us-east-1', got '${region}'`);
  return [...new Set(regions)];
}

function detectorsOf(given: string[] | undefined, regions: readonly string[]): string[] | undefined {
  if (given === undefined) return undefined;
  for (const arn of given) {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'logs' || parsed.region === '' || !ANOMALY_DETECTOR_RESOURCE.test(parsed.resource)) {
      throw new UsageError(`--detector must be an anomaly detector ARN (arn:PARTITION:logs:REGION:ACCOUNT:anomaly-detector:ID), got '${arn}'`);
    }
    if (!regions.includes(parsed.region)) throw new UsageError(`--detector '${arn}' is in region ${parsed.region}, not in --region ${regions.join(', ')}`);
  }
  return [...new Set(given)];
}

function accountsOf(given: string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const accounts = given.flatMap((g) => g.split(',')).map((a) => a.trim());
  for (const account of accounts)
    if (!ACCOUNT_ID.test(account)) throw new UsageError(`--accounts takes 12-digit account ids, comma-separated, got '${account}'`);
  return [...new Set(accounts)];
}

function concurrencyOf(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const n = Number(given);
  if (!/^\d+$/.test(given) || n < 1 || n > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got '${given}'`);
  return n;
}

export const auditCommand: Command = {
  summary: "say which live detectors' and log groups' encrypted data is at risk, and why, across accounts and regions",
  help: HELP,
  async run(argv, io) {
    // A bare --require-customer-key means its default level; parseArgs knows no optional values.
    const args = argv.map((a) => (a === '--require-customer-key' ? '--require-customer-key=warning' : a));
    const { values, positionals } = parseOptions(
      args,
      {
        region: { type: 'string', multiple: true },
        accounts: { type: 'string', multiple: true },
        organization: { type: 'boolean' },
        'role-name': { type: 'string' },
        'external-id': { type: 'string' },
        detector: { type: 'string', multiple: true },
        'require-customer-key': { type: 'string' },
        concurrency: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        'fail-on': { type: 'string', default: 'blocking' },
      },
      USAGE,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; ${USAGE}`);
    const format = oneOf('format', values.format, FORMATS);
    const failOn = oneOf('fail-on', values['fail-on'], AUDIT_FAIL_ON);
    const customerKey = values['require-customer-key'];
    const requireCustomerKey: AuditSeverity | undefined =
      customerKey === undefined ? undefined : oneOf('require-customer-key', customerKey, CUSTOMER_KEY_LEVELS);
    const regions = regionsOf(values.region, io.env);
    const detectorArns = detectorsOf(values.detector, regions);
    const accounts = accountsOf(values.accounts);
    const organization = values.organization === true;
    if (accounts && organization) throw new UsageError('--accounts and --organization choose the accounts two ways: give one');
    if (detectorArns && (accounts || organization))
      throw new UsageError('--detector names its accounts in its ARNs: it does not go with --accounts or --organization');
    const roleName = values['role-name'];
    if (roleName !== undefined && !ROLE_NAME.test(roleName))
      throw new UsageError(`--role-name must be an IAM role name (1 to 64 of letters, digits and +=,.@_-), got '${roleName}'`);
    const externalId = values['external-id'];
    if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) throw new UsageError(`--external-id must be ${EXTERNAL_ID_RULE}, got '${externalId}'`);
    if (externalId !== undefined && !organization && !accounts && !detectorArns)
      throw new UsageError('--external-id is sent only when audit assumes a role in another account: give --accounts, --organization or --detector');
    const concurrency = concurrencyOf(values.concurrency);
    let report;
    try {
      // The command's environment, not only the process's: they are the same when run as a command.
      report = await auditDetectors({
        regions,
        detectorArns,
        accounts,
        organization,
        roleName,
        externalId,
        requireCustomerKey,
        concurrency,
        endpoint: io.env.AWS_ENDPOINT_URL || undefined,
      });
    } catch (e) {
      if (e instanceof AuditReadError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(
      format === 'json'
        ? renderAuditJson(report)
        : format === 'ocsf'
          ? renderAuditOcsf(report, { productVersion: packageVersion() })
          : renderAuditMarkdown(report),
    );
    for (const u of report.unreadable)
      io.stderr(`audit: account ${u.accountId}${u.region ? ` in ${u.region}` : ''} could not be read: ${u.call} failed: ${u.code}\n`);
    return auditExitCode(report, failOn);
  },
};
