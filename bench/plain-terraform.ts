import { LocalAwsTarget, localAwsProviderSettings } from '../localstack/provider-settings';
import { anomalyDetectorKeyPolicy } from '../modules/key-policy';

/**
 * The example stack's resources written as plain Terraform JSON, as someone would by hand
 * without cdktf: two log groups, a KMS key with the same inline policy and its alias, the
 * account looked up with `aws_caller_identity`, the detector and the `terraform_data` that
 * replaces it. Same provider settings, same values, no cdktf metadata; `prevent_destroy` off
 * as in the bench's copy of the example, so each run can destroy what it made.
 */
export interface PlainExampleProps extends LocalAwsTarget {
  readonly region: string;
  readonly namePrefix: string;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** cdktf's camelCase provider config as Terraform's own argument names. */
function terraformArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(terraformArguments);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), terraformArguments(v)]));
  }
  return value;
}

export function plainExampleConfig(props: PlainExampleProps): Record<string, unknown> {
  const { region, namePrefix } = props;
  const account = '${data.aws_caller_identity.current.account_id}';
  const tags = { project: namePrefix };
  const logGroupArns = ['${aws_cloudwatch_log_group.application.arn}', '${aws_cloudwatch_log_group.access.arn}'];
  const detectorName = `${namePrefix}-detector`;
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: { aws: { region, ...(terraformArguments(localAwsProviderSettings(props)) as object) } },
    data: { aws_caller_identity: { current: {} } },
    resource: {
      aws_cloudwatch_log_group: {
        application: { name: `/${namePrefix}/application`, retention_in_days: 30 },
        access: { name: `/${namePrefix}/access`, retention_in_days: 30 },
      },
      aws_kms_key: {
        detector: {
          description: 'Encrypts CloudWatch Logs anomaly detectors and their findings',
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
          key_usage: 'ENCRYPT_DECRYPT',
          enable_key_rotation: true,
          deletion_window_in_days: 30,
          policy: JSON.stringify(anomalyDetectorKeyPolicy({ region, account })),
          tags,
        },
      },
      aws_kms_alias: {
        detector: { name: `alias/${namePrefix}-anomaly-detector`, target_key_id: '${aws_kms_key.detector.key_id}' },
      },
      terraform_data: {
        detector_replacement: { input: { detectorName, logGroupArnList: logGroupArns } },
      },
      aws_cloudwatch_log_anomaly_detector: {
        detector: {
          detector_name: detectorName,
          log_group_arn_list: logGroupArns,
          kms_key_id: '${aws_kms_key.detector.arn}',
          evaluation_frequency: 'FIFTEEN_MIN',
          enabled: true,
          tags,
          lifecycle: { replace_triggered_by: ['terraform_data.detector_replacement'] },
        },
      },
    },
    output: {
      detector_arn: { value: '${aws_cloudwatch_log_anomaly_detector.detector.arn}' },
      key_arn: { value: '${aws_kms_key.detector.arn}' },
    },
  };
}
