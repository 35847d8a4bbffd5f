import {
  AUDIT_SESSION_NAME,
  auditorPolicy,
  DEFAULT_AUDIT_ROLE_NAME,
  EXTERNAL_ID,
  EXTERNAL_ID_CHARACTER,
  EXTERNAL_ID_LENGTH,
  EXTERNAL_ID_RULE,
  memberRolePolicy,
} from './audit-permissions';

/** The trusted principal: a role or user ARN of any partition. */
const PRINCIPAL_ARN = '^arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/-]+$';
/** The external ID parameter: empty (none), or AWS's own rule. */
const OPTIONAL_EXTERNAL_ID = `^$|${EXTERNAL_ID.source}`;
/** One hour: an audit of a large organization reads for minutes, never longer. */
const MAX_SESSION_SECONDS = 3600;
const ROLE_DESCRIPTION = 'kms-anomaly-detector audit: reads anomaly detectors, log groups and their KMS keys; changes nothing';
const INLINE_POLICY_NAME = 'kms-anomaly-detector-audit-reads';

/**
 * The member role as a CloudFormation template, ready for a service-managed StackSet (one stack
 * in every account of the chosen organizational units): no account-specific value, every input
 * a parameter with a default but the auditor's ARN. Deploying it needs CAPABILITY_NAMED_IAM: the
 * role's name is fixed, so the auditor can name it in every account.
 */
export function cloudFormationTemplate(): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `The role kms-anomaly-detector audit assumes in this account (${AUDIT_SESSION_NAME}): the reads it makes and nothing more`,
    Parameters: {
      AuditorPrincipalArn: {
        Type: 'String',
        Description: 'The role (or user) that runs audit and may assume this role, e.g. arn:aws:iam::111122223333:role/kms-anomaly-detector-auditor',
        AllowedPattern: PRINCIPAL_ARN,
        ConstraintDescription: 'must be an IAM role or user ARN',
      },
      ExternalId: {
        Type: 'String',
        Description: 'An external ID the auditor must pass (audit --external-id); empty for none',
        Default: '',
        AllowedPattern: OPTIONAL_EXTERNAL_ID,
        ConstraintDescription: `must be empty, or ${EXTERNAL_ID_RULE}`,
      },
      RoleName: {
        Type: 'String',
        Description: 'The role name audit assumes (audit --role-name when not the default)',
        Default: DEFAULT_AUDIT_ROLE_NAME,
        AllowedPattern: '^[\\w+=,.@-]{1,64}$',
      },
    },
    Conditions: { HasExternalId: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] } },
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: { Ref: 'RoleName' },
          Description: ROLE_DESCRIPTION,
          MaxSessionDuration: MAX_SESSION_SECONDS,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'TheAuditorOnly',
                Effect: 'Allow',
                Principal: { AWS: { Ref: 'AuditorPrincipalArn' } },
                Action: 'sts:AssumeRole',
                Condition: { 'Fn::If': ['HasExternalId', { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }, { Ref: 'AWS::NoValue' }] },
              },
            ],
          },
          Policies: [{ PolicyName: INLINE_POLICY_NAME, PolicyDocument: memberRolePolicy() }],
        },
      },
    },
    Outputs: { AuditRoleArn: { Description: 'The role audit assumes here', Value: { 'Fn::GetAtt': ['AuditRole', 'Arn'] } } },
  };
}

/**
 * The member role as a Terraform configuration (JSON syntax) for one account: the same trust,
 * external ID and permissions as the CloudFormation template.
 */
export function terraformExample(): object {
  return {
    terraform: { required_version: '>= 1.5.0', required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.0' } } },
    variable: {
      auditor_principal_arn: {
        type: 'string',
        description: 'The role (or user) that runs audit and may assume this role',
        validation: [
          {
            condition: `\${can(regex(${JSON.stringify(PRINCIPAL_ARN)}, var.auditor_principal_arn))}`,
            error_message: 'auditor_principal_arn must be an IAM role or user ARN.',
          },
        ],
      },
      external_id: {
        type: 'string',
        description: 'An external ID the auditor must pass (audit --external-id); null for none',
        default: null,
        nullable: true,
        validation: [
          {
            condition:
              `\${var.external_id == null ? true : length(var.external_id) >= ${EXTERNAL_ID_LENGTH.min} && length(var.external_id) <= ${EXTERNAL_ID_LENGTH.max}` +
              ` && can(regex(${JSON.stringify(`^${EXTERNAL_ID_CHARACTER}+$`)}, var.external_id))}`,
            error_message: `external_id must be ${EXTERNAL_ID_RULE}.`,
          },
        ],
      },
      role_name: { type: 'string', description: 'The role name audit assumes (audit --role-name when not the default)', default: DEFAULT_AUDIT_ROLE_NAME },
    },
    data: {
      aws_iam_policy_document: {
        trust: {
          statement: [
            {
              sid: 'TheAuditorOnly',
              effect: 'Allow',
              actions: ['sts:AssumeRole'],
              principals: [{ type: 'AWS', identifiers: ['${var.auditor_principal_arn}'] }],
              dynamic: {
                condition: {
                  for_each: '${var.external_id == null ? [] : [var.external_id]}',
                  content: { test: 'StringEquals', variable: 'sts:ExternalId', values: ['${condition.value}'] },
                },
              },
            },
          ],
        },
      },
    },
    resource: {
      aws_iam_role: {
        audit: {
          name: '${var.role_name}',
          description: ROLE_DESCRIPTION,
          max_session_duration: MAX_SESSION_SECONDS,
          assume_role_policy: '${data.aws_iam_policy_document.trust.json}',
        },
      },
      aws_iam_role_policy: {
        audit_reads: { name: INLINE_POLICY_NAME, role: '${aws_iam_role.audit.id}', policy: JSON.stringify(memberRolePolicy()) },
      },
    },
    output: { audit_role_arn: { description: 'The role audit assumes in this account', value: '${aws_iam_role.audit.arn}' } },
  };
}

/** Every file audit ships for its roles, by path under `cli/audit/`, as the generator writes them. */
export function renderAuditRoleFiles(): Record<string, string> {
  const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'policies/auditor-policy.json': json(auditorPolicy()),
    'policies/member-role-policy.json': json(memberRolePolicy()),
    'role-templates/audit-role.cloudformation.json': json(cloudFormationTemplate()),
    'role-templates/terraform/audit-role.tf.json': json(terraformExample()),
  };
}
