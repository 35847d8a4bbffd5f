import { ANOMALY_DETECTOR_RESOURCE, parseArn } from '../../modules/aws/arns';
import { REGION_NAME } from '../../modules/aws/partitions';
import { Command } from '../command-io';
import { oneOf, parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';
import { auditDetectors } from './audit-detectors';
import { AuditSeverity } from './audit-findings';
import { AuditReadError } from './read-aws';
import { AUDIT_FAIL_ON, auditExitCode, renderAuditJson, renderAuditMarkdown } from './render-audit';

const USAGE =
  'usage: kms-anomaly-detector audit [--region REGION ...] [--detector ARN ...] [--require-customer-key[=warning|blocking]] [--format markdown|json] [--fail-on blocking|warning|never]';

const HELP = `${USAGE}

Reads what AWS holds now and says which anomaly detectors' encrypted data is at risk, and why:
a key pending deletion, disabled, gone or unreadable, not symmetric, or whose policy no longer
lets CloudWatch Logs use it for the detector (blocking); rotation off, a key of another account
whose policy cannot be read, a FAILED detector (warning). Credentials and endpoint come from the
AWS SDK's default chain (AWS_PROFILE, AWS_ENDPOINT_URL, ...).

  --region REGION          a region to read, repeatable (default: the configured region)
  --detector ARN           a detector to audit, repeatable (default: every detector of each region)
  --require-customer-key   a detector on CloudWatch Logs' own key is a warning; =blocking makes it blocking
  --format FORMAT          markdown (default) or json
  --fail-on LEVEL          exit 1 on a blocking finding (default), on any finding (warning), or never

Exit codes: 0 nothing at --fail-on's level; 1 findings; 2 bad input, or a read that failed
(naming the call and the region).
`;

const FORMATS = ['markdown', 'json'] as const;
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

export const auditCommand: Command = {
  summary: "say which live detectors' encrypted data is at risk, and why",
  help: HELP,
  async run(argv, io) {
    // A bare --require-customer-key means its default level; parseArgs knows no optional values.
    const args = argv.map((a) => (a === '--require-customer-key' ? '--require-customer-key=warning' : a));
    const { values, positionals } = parseOptions(
      args,
      {
        region: { type: 'string', multiple: true },
        detector: { type: 'string', multiple: true },
        'require-customer-key': { type: 'string' },
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
    let report;
    try {
      // The command's environment, not only the process's: they are the same when run as a command.
      report = await auditDetectors({ regions, detectorArns, requireCustomerKey, endpoint: io.env.AWS_ENDPOINT_URL || undefined });
    } catch (e) {
      if (e instanceof AuditReadError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(format === 'json' ? renderAuditJson(report) : renderAuditMarkdown(report));
    return auditExitCode(report, failOn);
  },
};
