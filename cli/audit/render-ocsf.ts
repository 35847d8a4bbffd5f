import { parseArn } from '../../modules/aws/arns';
import { AuditFinding, AuditRule, AuditSeverity } from './audit-findings';
import { AuditReport } from './audit-detectors';

/** The OCSF release the findings follow (the one Prowler's json-ocsf and most AWS ingestion pin). */
export const OCSF_VERSION = '1.3.0';
/** Findings category (2) × 1000 + Detection Finding (4). */
const DETECTION_FINDING = { category_uid: 2, category_name: 'Findings', class_uid: 2004, class_name: 'Detection Finding' } as const;
/** activity_id 1: the finding was created (each audit run reports what it finds now). */
const CREATE = { activity_id: 1, activity_name: 'Create', type_uid: 200401, type_name: 'Detection Finding: Create' } as const;
/** severity_id: 4 High, 3 Medium. A blocking finding means data that may not be retrievable; a warning, a risk to look at. */
const SEVERITY: Record<AuditSeverity, { severity_id: number; severity: string }> = {
  blocking: { severity_id: 4, severity: 'High' },
  warning: { severity_id: 3, severity: 'Medium' },
};
/** account.type_id 10: AWS Account. */
const AWS_ACCOUNT = { type_id: 10, type: 'AWS Account' } as const;
/** The CloudFormation type names of a detector and a log group, as OCSF resources name types. */
const DETECTOR_RESOURCE_TYPE = 'AWS::Logs::LogAnomalyDetector';
const LOG_GROUP_RESOURCE_TYPE = 'AWS::Logs::LogGroup';

const TITLES: Record<AuditRule, string> = {
  'key-pending-deletion': "The detector's KMS key is pending deletion",
  'key-disabled': "The detector's KMS key is not enabled",
  'key-unreadable': "The detector's KMS key cannot be read",
  'key-not-symmetric': "The detector's KMS key is not symmetric",
  'key-policy-denies-logs': "The key policy no longer lets CloudWatch Logs use the detector's key",
  'key-policy-unreadable': "The policy of the detector's key cannot be judged from this account",
  'key-rotation-off': "The detector's KMS key has automatic rotation off",
  'detector-failed': 'The anomaly detector is FAILED',
  'aws-owned-key': "The detector uses CloudWatch Logs' own key",
};
/** The rules a log group can break: those about its key. */
type LogGroupRule = Exclude<AuditRule, 'detector-failed' | 'aws-owned-key'>;
const LOG_GROUP_TITLES: Record<LogGroupRule, string> = {
  'key-pending-deletion': "The log group's KMS key is pending deletion",
  'key-disabled': "The log group's KMS key is not enabled",
  'key-unreadable': "The log group's KMS key cannot be read",
  'key-not-symmetric': "The log group's KMS key is not symmetric",
  'key-policy-denies-logs': "The key policy no longer lets CloudWatch Logs use the log group's key",
  'key-policy-unreadable': "The policy of the log group's key cannot be judged from this account",
  'key-rotation-off': "The log group's KMS key has automatic rotation off",
};

export interface OcsfOptions {
  /** This tool's version, for `metadata.product.version`. */
  readonly productVersion: string;
}

/** A detector or a log group, as an OCSF finding names its resource. */
interface Subject {
  readonly arn: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  readonly kmsKeyId: string | null;
  readonly findings: readonly AuditFinding[];
  readonly title: (rule: AuditRule) => string;
}

/**
 * The audit as OCSF Detection Findings (class 2004), a JSON array as Prowler's json-ocsf writes:
 * one finding per detector or log group and problem, its ARN as the resource, the account and
 * region in `cloud` (the cloud profile), severity from blocking/warning.
 */
export function renderAuditOcsf(report: AuditReport, options: OcsfOptions): string {
  const time = report.time.getTime();
  const subjects: Subject[] = [
    ...report.detectors.map((d) => ({ ...d, arn: d.detectorArn, type: DETECTOR_RESOURCE_TYPE, title: (rule: AuditRule) => TITLES[rule] })),
    ...report.logGroups.map((g) => ({
      ...g,
      arn: g.logGroupArn,
      type: LOG_GROUP_RESOURCE_TYPE,
      // A log group's findings are only ever about its key; any other rule keeps its general title.
      title: (rule: AuditRule) => (rule in LOG_GROUP_TITLES ? LOG_GROUP_TITLES[rule as LogGroupRule] : TITLES[rule]),
    })),
  ];
  const findings = subjects.flatMap((d) =>
    d.findings.map((f) => ({
      ...CREATE,
      ...DETECTION_FINDING,
      ...SEVERITY[f.severity],
      status_id: 1,
      status: 'New',
      time,
      message: f.message,
      metadata: {
        version: OCSF_VERSION,
        profiles: ['cloud'],
        event_code: f.rule,
        product: { name: 'kms-anomaly-detector', vendor_name: 'kms-anomaly-detector', version: options.productVersion },
      },
      finding_info: {
        // Stable across runs, so a consumer updates one finding rather than piling up copies.
        uid: `kms-anomaly-detector/${f.rule}/${d.arn}`,
        title: d.title(f.rule),
        desc: f.message,
        types: [f.rule],
      },
      resources: [
        {
          uid: d.arn,
          type: d.type,
          region: d.region,
          cloud_partition: parseArn(d.arn)?.partition,
          data: { kms_key_id: d.kmsKeyId },
        },
      ],
      cloud: { provider: 'AWS', region: d.region, account: { uid: d.accountId, ...AWS_ACCOUNT } },
    })),
  );
  return JSON.stringify(findings, null, 2) + '\n';
}
