import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { auditSessionPolicy, DEFAULT_AUDIT_ROLE_NAME, MEMBER_READ_ACTIONS } from '../../../../cli/audit/audit-permissions';
import { renderAuditRoleFiles } from '../../../../cli/audit/role-templates';

const AUDIT_DIR = resolve(__dirname, '..', '..', '..', '..', 'cli', 'audit');
const REGENERATE = 'run `npm run build:audit-role` and commit cli/audit/policies/ and cli/audit/role-templates/.';
const COMMITTED = [
  'policies/auditor-policy.json',
  'policies/member-role-policy.json',
  'role-templates/audit-role.cloudformation.json',
  'role-templates/terraform/audit-role.tf.json',
];

const committed = (name: string): unknown => JSON.parse(readFileSync(join(AUDIT_DIR, name), 'utf8'));

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[] | string;
  Resource: string;
}

/** The reads, spelled out here rather than taken from the list under test. */
const READS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'logs:DescribeLogGroups', 'logs:ListLogAnomalyDetectors'];
const MEMBER_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadAnomalyDetectorsLogGroupsAndTheirKeys', Effect: 'Allow', Action: expect.arrayContaining(READS) as unknown, Resource: '*' }],
};

describe('the committed audit policies and role templates', () => {
  test('the generator writes exactly the files checked here', () => {
    expect(Object.keys(renderAuditRoleFiles()).sort()).toEqual(COMMITTED);
  });

  test.each(COMMITTED)('%s is, byte for byte, what the generator writes from the list of reads', (name) => {
    const path = join(AUDIT_DIR, name);
    if (!existsSync(path)) throw new Error(`cli/audit/${name} is missing: ${REGENERATE}`);
    if (readFileSync(path, 'utf8') !== renderAuditRoleFiles()[name]) throw new Error(`cli/audit/${name} is out of date: ${REGENERATE}`);
  });

  test('the member role policy grants the five reads on every resource, and no other action', () => {
    const policy = committed('policies/member-role-policy.json') as { Statement: Statement[] };
    expect(policy).toEqual(MEMBER_POLICY);
    expect([...(policy.Statement[0].Action as string[])].sort()).toEqual(READS);
    expect([...MEMBER_READ_ACTIONS].sort()).toEqual(READS);
  });

  test("the auditor's policy: ListAccounts, and AssumeRole on the audit role's name only", () => {
    expect(committed('policies/auditor-policy.json')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
        { Sid: 'AssumeTheAuditRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: 'arn:*:iam::*:role/KmsAnomalyDetectorAudit' },
      ],
    });
    expect(DEFAULT_AUDIT_ROLE_NAME).toBe('KmsAnomalyDetectorAudit');
  });

  test('the session policy is the member policy, and fits the 2,048 characters AWS allows a session policy', () => {
    expect(JSON.parse(auditSessionPolicy())).toEqual(committed('policies/member-role-policy.json'));
    expect(auditSessionPolicy().length).toBeLessThanOrEqual(2048);
  });

  test('the CloudFormation template: a role of the default name, trusted by the auditor parameter only, the external ID when one is given, the member policy inline', () => {
    const template = committed('role-templates/audit-role.cloudformation.json') as {
      Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
      Conditions: unknown;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(Object.keys(template.Parameters).sort()).toEqual(['AuditorPrincipalArn', 'ExternalId', 'RoleName']);
    expect(template.Parameters.AuditorPrincipalArn.Default).toBeUndefined();
    expect(template.Parameters.RoleName.Default).toBe('KmsAnomalyDetectorAudit');
    expect(template.Parameters.ExternalId.Default).toBe('');
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
    const role = template.Resources.AuditRole.Properties;
    expect(role.RoleName).toEqual({ Ref: 'RoleName' });
    expect(role.AssumeRolePolicyDocument).toEqual({
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
    });
    expect(template.Conditions).toEqual({ HasExternalId: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] } });
    expect(role.Policies).toEqual([{ PolicyName: 'kms-anomaly-detector-audit-reads', PolicyDocument: committed('policies/member-role-policy.json') }]);
  });

  test.each([
    ['AuditorPrincipalArn', 'arn:aws:iam::111122223333:role/auditor', true],
    ['AuditorPrincipalArn', 'arn:aws-us-gov:iam::111122223333:user/path/auditor', true],
    ['AuditorPrincipalArn', '*', false],
    ['AuditorPrincipalArn', 'arn:aws:iam::111122223333:root', false],
    ['ExternalId', '', true],
    ['ExternalId', 'org-audit:2026/v1', true],
    ['ExternalId', 'x', false],
    ['ExternalId', 'two words', false],
    ['RoleName', 'a/b', false],
  ])('CloudFormation parameter %s accepts %j: %s', (name, value, accepted) => {
    const { Parameters } = committed('role-templates/audit-role.cloudformation.json') as { Parameters: Record<string, { AllowedPattern: string }> };
    // CloudFormation matches AllowedPattern against the whole value.
    expect(new RegExp(`^(?:${Parameters[name].AllowedPattern})$`).test(value)).toBe(accepted);
  });

  test('the Terraform example: the same role name, trust and inline policy', () => {
    const example = committed('role-templates/terraform/audit-role.tf.json') as {
      variable: Record<string, { default?: unknown }>;
      data: { aws_iam_policy_document: { trust: { statement: Array<Record<string, unknown>> } } };
      resource: { aws_iam_role: { audit: Record<string, unknown> }; aws_iam_role_policy: { audit_reads: { policy: string; role: string } } };
    };
    expect(example.variable.role_name.default).toBe('KmsAnomalyDetectorAudit');
    expect(example.variable.external_id.default).toBeNull();
    expect(example.variable.auditor_principal_arn.default).toBeUndefined();
    expect(example.data.aws_iam_policy_document.trust.statement).toEqual([
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
    ]);
    expect(example.resource.aws_iam_role.audit.assume_role_policy).toBe('${data.aws_iam_policy_document.trust.json}');
    expect(JSON.parse(example.resource.aws_iam_role_policy.audit_reads.policy)).toEqual(committed('policies/member-role-policy.json'));
    expect(example.resource.aws_iam_role_policy.audit_reads.role).toBe('${aws_iam_role.audit.id}');
  });
});
