import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { MAX_KEY_POLICY_BYTES } from '../../../modules/aws/kms';
import { anomalyDetectorKeyPolicy, MAX_DETECTOR_ACCOUNTS } from '../../../modules/key-policy';
import { SynthesizedStack } from '../../support/synth';

const CENTRAL = '111111111111';
const WORKLOAD = '222222222222';
const REGION_RULE = "CloudWatch Logs uses only keys and log groups in the detector's region";

interface Synthesized extends SynthesizedStack {
  readonly provider: { aws: Array<{ alias?: string; region?: string }> };
}

/** A stack whose default provider is in us-east-1, with `aws.west` in us-west-2 and `aws.workload` in WORKLOAD's account. */
function synth(build: (stack: TerraformStack, providers: { west: AwsProvider; workload: AwsProvider }) => void): Synthesized {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const west = new AwsProvider(stack, 'west', { alias: 'west', region: 'us-west-2' });
  const workload = new AwsProvider(stack, 'workload', {
    alias: 'workload',
    region: 'us-east-1',
    assumeRole: [{ roleArn: `arn:aws:iam::${WORKLOAD}:role/deployer` }],
  });
  build(stack, { west, workload });
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function logGroup(stack: TerraformStack, id: string, provider?: AwsProvider) {
  return new CloudwatchLogGroup(stack, id, { name: id, provider });
}

type Resources = Record<string, Record<string, unknown>>;
const resourcesOf = (synthesized: Synthesized, type: string): Resources => synthesized.resource[type] ?? {};
const policyOf = (key: Record<string, unknown>) =>
  JSON.parse(key.policy as string) as {
    Statement: Array<{ Sid: string; Principal: { Service?: string; AWS?: string }; Condition?: { ArnLike: Record<string, unknown> } }>;
  };

describe('the provider prop', () => {
  test('two regions in one stack: each key and detector is made by its own provider, with its region in the policy', () => {
    const synthesized = synth((stack, { west }) => {
      new EncryptedLogAnomalyDetector(stack, 'east', { logGroups: [logGroup(stack, 'east-logs')], keyProps: { account: CENTRAL } });
      new EncryptedLogAnomalyDetector(stack, 'westDetector', {
        provider: west,
        logGroups: [logGroup(stack, 'west-logs', west)],
        keyProps: { account: CENTRAL },
      });
    });
    const keys = resourcesOf(synthesized, 'aws_kms_key');
    const detectors = resourcesOf(synthesized, 'aws_cloudwatch_log_anomaly_detector');
    const eastKey = Object.entries(keys).find(([name]) => name.startsWith('east_'))![1];
    const westKey = Object.entries(keys).find(([name]) => name.startsWith('westDetector_'))![1];
    expect(eastKey.provider).toBeUndefined();
    expect(westKey.provider).toBe('aws.west');
    expect(policyOf(westKey).Statement[1].Principal.Service).toBe('logs.us-west-2.amazonaws.com');
    expect(policyOf(eastKey).Statement[1].Principal.Service).toBe('logs.us-east-1.amazonaws.com');
    expect(Object.values(detectors).map((d) => d.provider)).toEqual([undefined, 'aws.west']);
  });

  test('an alias keeps the key alias with the key: both use the key provider', () => {
    const synthesized = synth((stack, { west }) => new AnomalyDetectorKey(stack, 'key', { provider: west, alias: 'detectors', account: CENTRAL }));
    expect(Object.values(resourcesOf(synthesized, 'aws_kms_alias'))[0].provider).toBe('aws.west');
  });

  test("a provider without a literal region gets data sources of that provider, beside the default provider's", () => {
    const synthesized = synth((stack) => {
      const unknown = new AwsProvider(stack, 'somewhere', { alias: 'somewhere' });
      new AnomalyDetectorKey(stack, 'a');
      new AnomalyDetectorKey(stack, 'b', { provider: unknown });
      new AnomalyDetectorKey(stack, 'c', { provider: unknown });
    });
    const regions = synthesized.data?.aws_region as Record<string, { provider?: string }>;
    const identities = synthesized.data?.aws_caller_identity as Record<string, { provider?: string }>;
    expect(Object.values(regions).map((r) => r.provider)).toEqual(['aws.somewhere']);
    expect(
      Object.values(identities)
        .map((r) => r.provider)
        .sort(),
    ).toEqual([undefined, 'aws.somewhere'].sort());
  });

  test.each<[string, (stack: TerraformStack, p: { west: AwsProvider }) => void, string]>([
    [
      'an AnomalyDetectorKey of another region',
      (stack, { west }) =>
        new EncryptedLogAnomalyDetector(stack, 'detector', {
          provider: west,
          logGroups: [logGroup(stack, 'logs', west)],
          key: new AnomalyDetectorKey(stack, 'eastKey', { account: CENTRAL }),
        }),
      `'key' is an AnomalyDetectorKey (test/eastKey) in region us-east-1, the detector is in region us-west-2 (of provider aws.west): ${REGION_RULE}; make a key in the detector's region`,
    ],
    [
      'a key ARN of another region',
      (stack, { west }) =>
        new EncryptedLogAnomalyDetector(stack, 'detector', {
          provider: west,
          logGroups: [logGroup(stack, 'logs', west)],
          key: `arn:aws:kms:us-east-1:${CENTRAL}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        }),
      `'key' is a key ARN in region us-east-1, the detector is in region us-west-2 (of provider aws.west), got 'arn:aws:kms:us-east-1:${CENTRAL}:key/1234abcd-12ab-34cd-56ef-1234567890ab': ${REGION_RULE}`,
    ],
    [
      "a log group ARN outside the provider's region",
      (stack, { west }) =>
        new EncryptedLogAnomalyDetector(stack, 'detector', { provider: west, logGroups: [`arn:aws:logs:us-east-1:${CENTRAL}:log-group:app`] }),
      `'logGroups[0]' must be in the detector's region us-west-2 (of provider aws.west), got region us-east-1 in 'arn:aws:logs:us-east-1:${CENTRAL}:log-group:app': ${REGION_RULE}`,
    ],
    [
      "a key region other than its provider's",
      (stack, { west }) => new AnomalyDetectorKey(stack, 'key', { provider: west, region: 'us-east-1' }),
      "'region' must be the region us-west-2 of provider aws.west, which creates the key, got 'us-east-1': the key policy would let CloudWatch Logs of another region use the key (a resource in another region than its provider's needs the `region` argument of hashicorp/aws 6.0.0 or later, and this binding pins 5.100.0)",
    ],
    [
      'keyProps with their own provider',
      (stack, { west }) => new EncryptedLogAnomalyDetector(stack, 'detector', { logGroups: [logGroup(stack, 'logs')], keyProps: { provider: west } }),
      "'keyProps.provider' must be omitted: the key the detector makes uses the detector's 'provider'",
    ],
    [
      'a provider that is not one',
      (stack) => new AnomalyDetectorKey(stack, 'key', { provider: { region: 'us-east-1' } as unknown as AwsProvider }),
      `'provider' must be an AwsProvider (a TerraformProvider of hashicorp/aws), got object {"region":"us-east-1"}`,
    ],
  ])('refuses %s at synth', (_, build, message) => {
    expect(() => synth(build)).toThrow(new Error(message));
  });
});

describe('detectorAccounts', () => {
  const ARN_CONTEXT = 'kms:EncryptionContext:aws:logs:arn';
  const SDK_CONTEXT = 'kms:EncryptionContext:aws-crypto-ec:aws:logs:arn';
  const pattern = (account: string) => `arn:aws:logs:us-east-1:${account}:anomaly-detector:*`;

  test("puts every account's detector pattern in both CloudWatch Logs statements, and keeps the key's own account root", () => {
    const synthesized = synth((stack) => new AnomalyDetectorKey(stack, 'key', { account: CENTRAL, detectorAccounts: [WORKLOAD, '333333333333'] }));
    const policy = policyOf(Object.values(resourcesOf(synthesized, 'aws_kms_key'))[0]);
    expect(policy.Statement[0].Principal.AWS).toBe(`arn:aws:iam::${CENTRAL}:root`);
    expect(policy.Statement[1].Condition?.ArnLike).toEqual({ [ARN_CONTEXT]: [pattern(WORKLOAD), pattern('333333333333')] });
    expect(policy.Statement[2].Condition?.ArnLike).toEqual({ [SDK_CONTEXT]: [pattern(WORKLOAD), pattern('333333333333')] });
  });

  test('defaults to the key account, as a single pattern (the policy of one-account keys is unchanged)', () => {
    const synthesized = synth((stack) => new AnomalyDetectorKey(stack, 'key', { account: CENTRAL }));
    const policy = policyOf(Object.values(resourcesOf(synthesized, 'aws_kms_key'))[0]);
    expect(policy.Statement[1].Condition?.ArnLike).toEqual({ [ARN_CONTEXT]: pattern(CENTRAL) });
  });

  test('a central key of one account serves a detector of another: the detector uses the key provider-free, by ARN', () => {
    const synthesized = synth((stack, { workload }) => {
      const key = new AnomalyDetectorKey(stack, 'central', { account: CENTRAL, detectorAccounts: [CENTRAL, WORKLOAD] });
      new EncryptedLogAnomalyDetector(stack, 'detector', { provider: workload, logGroups: [logGroup(stack, 'logs', workload)], key });
    });
    const detector = Object.values(resourcesOf(synthesized, 'aws_cloudwatch_log_anomaly_detector'))[0];
    expect(detector.provider).toBe('aws.workload');
    expect(detector.kms_key_id).toMatch(/^\$\{aws_kms_key\.central_Key_[0-9A-F]+\.arn\}$/);
  });

  test('refuses at synth a detector whose literal account the key does not list', () => {
    expect(() =>
      synth((stack, { workload }) => {
        const key = new AnomalyDetectorKey(stack, 'central', { account: CENTRAL });
        new EncryptedLogAnomalyDetector(stack, 'detector', { provider: workload, logGroups: [logGroup(stack, 'logs', workload)], key });
      }),
    ).toThrow(
      new Error(
        `'key' is an AnomalyDetectorKey (test/central) whose policy lets detectors of ${CENTRAL} use it, not of the detector's account ${WORKLOAD} ` +
          `(of provider aws.workload): add ${WORKLOAD} to the key's 'detectorAccounts'`,
      ),
    );
  });

  test.each<[string, unknown, string]>([
    ['empty', [], "'detectorAccounts' must name at least one 12-digit account, got []"],
    ['not 12 digits', [CENTRAL, '1234'], "'detectorAccounts[1]' must be 12 digits, got '1234'"],
    ['a number', [111111111111], "'detectorAccounts[0]' must be a 12-digit account string, got 111111111111"],
    ['a duplicate', [CENTRAL, WORKLOAD, CENTRAL], `'detectorAccounts' must not name an account twice, got '${CENTRAL}' twice`],
    ['a string', CENTRAL, `'detectorAccounts' must be a list of 12-digit accounts (each may be a token; the list itself may not), got string '${CENTRAL}'`],
    [
      'over the bound',
      Array.from({ length: MAX_DETECTOR_ACCOUNTS + 1 }, (_, i) => String(100000000000 + i)),
      `'detectorAccounts' must name at most ${MAX_DETECTOR_ACCOUNTS} accounts, so the key policy stays under KMS's 32768 bytes, got ${MAX_DETECTOR_ACCOUNTS + 1}`,
    ],
  ])('refuses %s', (_, detectorAccounts, message) => {
    expect(() => synth((stack) => new AnomalyDetectorKey(stack, 'key', { detectorAccounts: detectorAccounts as string[] }))).toThrow(new Error(message));
  });

  test.each(['us-east-1', 'us-gov-west-1', 'cn-northwest-1'])('the bound fits KMS with room to spare in %s', (region) => {
    const accounts = Array.from({ length: MAX_DETECTOR_ACCOUNTS }, (_, i) => String(100000000000 + i));
    const compact = JSON.stringify(anomalyDetectorKeyPolicy({ region, account: CENTRAL }, [], accounts));
    const printed = JSON.stringify(anomalyDetectorKeyPolicy({ region, account: CENTRAL }, [], accounts), null, 2);
    expect(Buffer.byteLength(printed)).toBeLessThan(MAX_KEY_POLICY_BYTES - 4096);
    expect(Buffer.byteLength(compact)).toBeLessThan(Buffer.byteLength(printed));
  });

  test('a policy over KMS limit fails at synth naming its size', () => {
    const huge = {
      Sid: 'Big',
      Effect: 'Allow' as const,
      Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` },
      Action: 'kms:Decrypt',
      Resource: 'x'.repeat(MAX_KEY_POLICY_BYTES),
    };
    expect(() => synth((stack) => new AnomalyDetectorKey(stack, 'key', { account: CENTRAL, additionalPolicyStatements: [huge] }))).toThrow(
      // cdktf reports errors of a lazy value as "Resolution error: ..." with the construct's creation stack.
      /The key policy of test\/key must be at most 32768 bytes, KMS's key policy limit, got 33\d{3}: remove accounts or statements/,
    );
  });
});
