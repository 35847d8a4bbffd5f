import { App } from 'cdktf';
import { AnomalyDetectionStack } from './stacks/anomaly-detection-stack';
import { EXAMPLE_STACK_NAME, exampleConfigFromEnv } from './stacks/example-config';

const app = new App();
new AnomalyDetectionStack(app, EXAMPLE_STACK_NAME, exampleConfigFromEnv());
app.synth();
