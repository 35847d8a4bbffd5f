import { localAwsProviderSettings } from '../../../localstack/provider-settings';
import { AnomalyDetectionStack } from '../../../stacks/anomaly-detection-stack';
import { EXAMPLE_STACK_NAME, exampleConfigFromEnv } from '../../../stacks/example-config';
import { StackDeployment } from '../../../terraform-runner/stack-deployment';
import { localAwsEnv } from '../../../testing/local-aws-environment';
import { uniqueName } from './unique-name';

/**
 * The example app as `main.ts` builds it from the environment, pointed at local AWS, in a
 * working directory of its own; `deploy` is one `terraform apply`, as `cdktf deploy` runs it.
 */
export class ExampleDeployment {
  readonly namePrefix: string;
  readonly deployment: StackDeployment;
  outputs: Record<string, string> = {};

  constructor(label = 'example') {
    this.namePrefix = uniqueName(label);
    this.deployment = new StackDeployment(this.namePrefix);
  }

  synth(variables: NodeJS.ProcessEnv = {}): void {
    const env = localAwsEnv();
    const config = exampleConfigFromEnv({ AWS_REGION: env.region, NAME_PREFIX: this.namePrefix, ...variables });
    this.deployment.synth((app) => new AnomalyDetectionStack(app, EXAMPLE_STACK_NAME, { ...config, provider: localAwsProviderSettings(env) }));
  }

  async deploy(): Promise<void> {
    await this.deployment.deploy();
    this.outputs = await this.deployment.outputs();
  }
}
