import { GetLogAnomalyDetectorCommand } from '@aws-sdk/client-cloudwatch-logs';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AnomalyDetectorKey } from '../../../modules/anomaly-detector-key';
import { EncryptedLogAnomalyDetector } from '../../../modules/encrypted-log-anomaly-detector';
import { reviewPlan } from '../../../cli/plan-review/review-plan';
import { localAwsProviderSettings } from '../../../localstack/provider-settings';
import { DefineScenario } from '../../../testing/describe-scenarios';
import { credentialsIn, localAwsEnv, logsClient } from '../../../testing/local-aws-environment';
import { uniqueName } from '../support/unique-name';

/** The workload account: its provider assumes a role there (see localAwsProviderSettings). */
const WORKLOAD = '222233334444';
const SECOND_REGION = 'eu-west-1';

interface Layout {
  /** Accounts besides the central (default) one whose detectors may use the central key. */
  readonly sharedWith: readonly string[];
  /** Add a second detector in the workload account, made after the key policy changes. */
  readonly newWorkloadDetector?: boolean;
  /** Only the central account's key and detector: the other region's and account's are destroyed. @default false */
  readonly centralOnly?: boolean;
}

// One stack, three places: the default provider's region and account (the central account),
// a second region, and a workload account in the first region that uses the central key.
export function regionsAndAccounts(scenario: DefineScenario): void {
  const env = localAwsEnv();
  const namePrefix = uniqueName('regions');

  const build = (layout: Layout) => (scope: Construct) => {
    const settings = localAwsProviderSettings(env);
    // Aliases are stack-wide: the scenario's name keeps them apart from other scenarios'.
    const west = new AwsProvider(scope, 'west-provider', { ...settings, region: SECOND_REGION, alias: 'regions_west' });
    const workload = new AwsProvider(scope, 'workload-provider', {
      ...localAwsProviderSettings({ ...env, account: WORKLOAD }),
      region: env.region,
      alias: 'regions_workload',
    });
    const central = new DataAwsCallerIdentity(scope, 'central-account').accountId;

    const centralKey = new AnomalyDetectorKey(scope, 'central-key', {
      detectorAccounts: [central, ...layout.sharedWith],
      preventDestroy: false,
      deletionWindowInDays: 7,
    });
    const detector = (id: string, key: AnomalyDetectorKey, provider?: AwsProvider) =>
      new EncryptedLogAnomalyDetector(scope, id, {
        provider,
        logGroups: [new CloudwatchLogGroup(scope, `${id}-logs`, { provider, name: `/${namePrefix}/${id}` })],
        key,
        detectorName: `${namePrefix}-${id}`,
      });
    const outputs: Record<string, string> = { central_key_arn: centralKey.keyArn, central_detector_arn: detector('central', centralKey).detectorArn };
    // The providers stay declared either way: Terraform needs them to destroy what they made.
    // Once nothing uses them, Terraform starts no process for them in later plans.
    if (!layout.centralOnly) {
      const westKey = new AnomalyDetectorKey(scope, 'west-key', { provider: west, preventDestroy: false, deletionWindowInDays: 7 });
      outputs.west_key_arn = westKey.keyArn;
      outputs.west_detector_arn = detector('west', westKey, west).detectorArn;
      outputs.workload_detector_arn = detector('workload', centralKey, workload).detectorArn;
    }
    if (layout.newWorkloadDetector) outputs.new_workload_detector_arn = detector('new-workload', centralKey, workload).detectorArn;
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(scope, name, { value });
  };

  /** State addresses of what the second region's and the workload account's providers made. */
  const elsewhere = (addresses: readonly string[]) => addresses.filter((a) => /_(west|workload)[-_]/.test(a));

  const kmsKeyIdOf = async (detectorArn: string, region: string, account?: string) => {
    const credentials = account === undefined ? undefined : await credentialsIn(account);
    return (await logsClient({ region, credentials }).send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn: detectorArn }))).kmsKeyId;
  };

  scenario('regions-and-accounts', (s) => {
    s.step('two regions, and a central key shared with a workload account', { build: build({ sharedWith: [WORKLOAD] }), replan: true }, (test) => {
      test("each region's detector holds its region's key", async ({ outputs }) => {
        expect(outputs.central_key_arn).toMatch(new RegExp(`^arn:aws:kms:${env.region}:`));
        expect(outputs.west_key_arn).toMatch(new RegExp(`^arn:aws:kms:${SECOND_REGION}:`));
        expect(await kmsKeyIdOf(outputs.central_detector_arn, env.region)).toBe(outputs.central_key_arn);
        expect(await kmsKeyIdOf(outputs.west_detector_arn, SECOND_REGION)).toBe(outputs.west_key_arn);
      });

      test("the workload account's detector is in that account and holds the central key", async ({ outputs }) => {
        expect(outputs.workload_detector_arn).toMatch(new RegExp(`^arn:aws:logs:${env.region}:${WORKLOAD}:anomaly-detector:`));
        expect(outputs.central_key_arn).not.toContain(WORKLOAD);
        expect(await kmsKeyIdOf(outputs.workload_detector_arn, env.region, WORKLOAD)).toBe(outputs.central_key_arn);
      });

      test('the next plan changes nothing', ({ replan }) => {
        expect(replan.changes).toBe(false);
      });

      test("the state holds the other region's and account's resources", async ({ stateAddresses }) => {
        expect(elsewhere(await stateAddresses())).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^aws_kms_key\.regions-and-accounts_west-key_Key_/),
            expect.stringMatching(/^aws_cloudwatch_log_anomaly_detector\.regions-and-accounts_workload_Detector_/),
          ]),
        );
      });
    });

    s.step(
      'the workload account dropped from the central key, and a new detector there',
      { build: build({ sharedWith: [], newWorkloadDetector: true }), expectErrors: true },
      (test) => {
        test('plan review blocks the policy change, naming the workload account', async ({ plan }) => {
          const review = reviewPlan(await plan.json());
          const blocking = review.findings.filter((f) => f.severity === 'blocking');
          expect(blocking.map((f) => f.rule)).toEqual(['key-policy-narrowed']);
          expect(blocking[0].message).toContain(`for anomaly detectors of account ${WORKLOAD}`);
          expect(blocking[0].address).toMatch(/^aws_kms_key\.regions-and-accounts_central-key_Key_/);
        });

        test("local AWS refuses the new workload detector: the key's policy no longer lets CloudWatch Logs use it for that account", ({ errors }) => {
          const failures = errors.map((e) => `${e.summary} ${e.detail ?? ''}`.replace(/\s+/g, ' '));
          expect(failures).toHaveLength(1);
          expect(failures[0]).toContain('InvalidParameterException');
          expect(failures[0]).toMatch(new RegExp(`not allowed to be used with Arn 'arn:aws:logs:${env.region}:${WORKLOAD}:anomaly-detector:`));
          expect(failures[0]).toContain('has a key policy that does not let logs.us-east-1.amazonaws.com call kms:GenerateDataKey');
        });
      },
    );

    // Without the refused detector, later steps do not try it again; without the other region's
    // and account's resources, the steps of other scenarios start no provider for them.
    s.step('back to one region and one account', build({ sharedWith: [], centralOnly: true }), (test) => {
      test("the other region's key and detector and the workload account's detector leave the state; the central ones stay", async ({ stateAddresses }) => {
        const addresses = await stateAddresses();
        expect(elsewhere(addresses)).toEqual([]);
        expect(addresses).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_kms_key\.regions-and-accounts_central-key_Key_/)]));
      });
    });
  });
}
