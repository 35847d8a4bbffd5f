import { parseArn } from '../../modules/aws/arns';
import { AuditRule, AuditSeverity } from './audit-findings';
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
/** The CloudFormation type name of a detector, as OCSF resources name types. */
const DETECTOR_RESOURCE_TYPE = 'AWS::Logs::LogAnomalyDetector';

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

export interface OcsfOptions {
  /** This tool's version, for `metadata.product.version`. */
  readonly productVersion: string;
}

/**
 * The audit as OCSF Detection Findings (class 2004), a JSON array as Prowler's json-ocsf writes:
 * one finding per detector and problem, the detector ARN as the resource, the account and
 * region in `cloud` (the cloud profile), severity from blocking/warning.
 */
export function renderAuditOcsf(report: AuditReport, options: OcsfOptions): string {
  const time = report.time.getTime();
  const findings = report.detectors.flatMap((d) =>
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
        uid: `kms-anomaly-detector/${f.rule}/${d.detectorArn}`,
        title: TITLES[f.rule],
        desc: f.message,
        types: [f.rule],
      },
      resources: [
        {
          uid: d.detectorArn,
          type: DETECTOR_RESOURCE_TYPE,
          region: d.region,
          cloud_partition: parseArn(d.detectorArn)?.partition,
          data: { kms_key_id: d.kmsKeyId },
        },
      ],
      cloud: { provider: 'AWS', region: d.region, account: { uid: d.accountId, ...AWS_ACCOUNT } },
    })),
  );
  return JSON.stringify(findings, null, 2) + '\n';
}
