/**
 * The one list of what audit calls, as IAM actions. Every policy and role template audit ships
 * (`cli/audit/policies/`, `cli/audit/role-templates/`) and the session policy on every
 * AssumeRole are built from it here; a test holds the committed files equal to it, and another
 * holds it equal to the calls audit makes on local AWS.
 */

/** The reads audit makes in every audited account: the member role and the session policy grant exactly these. */
export const MEMBER_READ_ACTIONS = [
  'logs:ListLogAnomalyDetectors',
  'logs:DescribeLogGroups',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
] as const;

/** What the auditing principal calls besides: the organization's accounts (`--organization` only), and the member role. */
export const AUDITOR_ACTIONS = ['organizations:ListAccounts', 'sts:AssumeRole'] as const;

/** Called by audit, allowed to every principal: IAM cannot deny it, so no policy grants it. */
export const UNGRANTED_ACTIONS = ['sts:GetCallerIdentity'] as const;

/** The role audit assumes in every account but the caller's own, as the role templates name it. */
export const DEFAULT_AUDIT_ROLE_NAME = 'KmsAnomalyDetectorAudit';

/** AWS's rule for an external ID: 2 to 1,224 characters, each of this class. */
export const EXTERNAL_ID_CHARACTER = '[\\w+=,.@:/-]';
export const EXTERNAL_ID_LENGTH = { min: 2, max: 1224 } as const;
/** The rule in words, for every message that states it. */
export const EXTERNAL_ID_RULE = `${EXTERNAL_ID_LENGTH.min} to ${EXTERNAL_ID_LENGTH.max} of letters, digits and +=,.@:/-_`;
/** The rule as one pattern; RE2 (Terraform) caps a repeat count at 1,000, so Terraform checks the length apart. */
export const EXTERNAL_ID = new RegExp(`^${EXTERNAL_ID_CHARACTER}{${EXTERNAL_ID_LENGTH.min},${EXTERNAL_ID_LENGTH.max}}$`);

/** The session name on every AssumeRole: what CloudTrail shows in each member account. */
export const AUDIT_SESSION_NAME = 'kms-anomaly-detector-audit';

interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string;
}

/** An IAM policy document as audit's files hold it. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

const policy = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/**
 * The member role's permissions: the reads, on every resource (ListLogAnomalyDetectors and
 * DescribeLogGroups take no resource; the keys are whatever the detectors and log groups use).
 */
export function memberRolePolicy(): PolicyDocument {
  return policy({ Sid: 'ReadAnomalyDetectorsLogGroupsAndTheirKeys', Effect: 'Allow', Action: [...MEMBER_READ_ACTIONS], Resource: '*' });
}

/**
 * The session policy on every AssumeRole audit makes: the session may do at most what both the
 * role and this allow, so a `--role-name` that points at an administrator role still reads only.
 */
export function auditSessionPolicy(): string {
  return JSON.stringify(memberRolePolicy());
}

/** The auditing principal's permissions: the organization's accounts, and the member role by name in any account. */
export function auditorPolicy(roleName = DEFAULT_AUDIT_ROLE_NAME): PolicyDocument {
  return policy(
    { Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
    { Sid: 'AssumeTheAuditRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:*:iam::*:role/${roleName}` },
  );
}
