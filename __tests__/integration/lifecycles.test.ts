import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { localAwsProviderSettings } from '../../localstack/provider-settings';
import { describeScenarios } from '../../testing/describe-scenarios';
import { localAwsEnv } from '../../testing/local-aws-environment';
import { detectorUpdates } from './lifecycles/detector-updates';
import { exampleKeySwitch } from './lifecycles/example-key-switch';
import { keyAssociation } from './lifecycles/key-association';
import { keyRetirement } from './lifecycles/key-retirement';
import { logGroupKeys } from './lifecycles/log-group-keys';
import { regionsAndAccounts } from './lifecycles/regions-and-accounts';
import { unusableKeys } from './lifecycles/unusable-keys';

// Every lifecycle in lock step through one Terraform working directory: each step is one plan
// and one apply for all of them (see ScenarioRun). Each file under lifecycles/ is one scenario.
describeScenarios(
  'lifecycles against local AWS',
  { stack: (stack) => new AwsProvider(stack, 'aws', { region: localAwsEnv().region, ...localAwsProviderSettings(localAwsEnv()) }), refresh: false },
  (scenario) => {
    keyAssociation(scenario);
    detectorUpdates(scenario);
    exampleKeySwitch(scenario);
    keyRetirement(scenario);
    unusableKeys(scenario);
    regionsAndAccounts(scenario);
    logGroupKeys(scenario);
  },
);
