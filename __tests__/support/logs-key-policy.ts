export interface PolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

function logsPrincipal({ partition, region }: PolicyScope): string {
  return `logs.${region}.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

function accountRoot({ partition, account }: PolicyScope) {
  return { Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
}

/**
 * The key policy the CloudWatch Logs guide ("Encrypt an anomaly detector and its results with
 * AWS KMS", LogsAnomalyDetection-KMS) shows today, written out here rather than built with
 * modules/key-policy.ts, so that tests of the local AWS gateway do not take the constructs'
 * word for what AWS requires.
 */
export function documentedLogsKeyPolicy(scope: PolicyScope): string {
  const detectors = `arn:${scope.partition}:logs:${scope.region}:${scope.account}:anomaly-detector:*`;
  const Principal = { Service: logsPrincipal(scope) };
  const sourceAccount = { StringEquals: { 'aws:SourceAccount': scope.account } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      accountRoot(scope),
      {
        Sid: 'AllowCloudWatchLogsEncryption',
        Effect: 'Allow',
        Principal,
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          ...sourceAccount,
          StringLike: { 'kms:EncryptionContext:aws:logs:arn': detectors },
          ArnLike: { 'aws:SourceArn': detectors },
        },
      },
      { Sid: 'AllowCloudWatchLogsDescribeKey', Effect: 'Allow', Principal, Action: 'kms:DescribeKey', Resource: '*', Condition: sourceAccount },
      {
        Sid: 'AllowCloudWatchLogsReEncryption',
        Effect: 'Allow',
        Principal,
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          ...sourceAccount,
          StringLike: { 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn': detectors },
          ArnLike: { 'aws:SourceArn': detectors },
        },
      },
    ],
  });
}

/** The earlier form of the guide's statement: the encryption context alone, as modules/key-policy.ts writes it. */
export function contextOnlyLogsKeyPolicy(scope: PolicyScope): string {
  const detectors = `arn:${scope.partition}:logs:${scope.region}:${scope.account}:anomaly-detector:*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      accountRoot(scope),
      {
        Effect: 'Allow',
        Principal: { Service: logsPrincipal(scope) },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': detectors } },
      },
    ],
  });
}

/** The policy a key gets when nobody sets one: the account root only, nothing for CloudWatch Logs. */
export function accountRootOnlyKeyPolicy(scope: PolicyScope): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [accountRoot(scope)] });
}

/**
 * The key policy the CloudWatch Logs guide ("Encrypt log data in CloudWatch Logs using AWS
 * KMS", step 2) shows for one log group, written out here for the same reason.
 */
export function documentedLogGroupKeyPolicy(scope: PolicyScope, logGroupName: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      accountRoot(scope),
      {
        Effect: 'Allow',
        Principal: { Service: logsPrincipal(scope) },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${logGroupName}` },
        },
      },
    ],
  });
}
