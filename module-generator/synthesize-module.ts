import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { AnomalyDetectorModuleStack } from './module-stack';
import { AWS_PROVIDER_VERSION, AWS6_PROVIDER_VERSION, ModuleFiles, splitIntoModuleFiles, TerraformJson } from './module-files';
import { ModuleVariant } from './module-variables';

const STACK_NAME = 'terraform-module';

/** Synthesizes the module stack with cdktf's own synthesis (validations included) and splits it into module files. */
export function synthesizeModuleFiles(variant: ModuleVariant = { regionArgument: false }): ModuleFiles {
  const outdir = mkdtempSync(join(tmpdir(), 'kms-anomaly-module-synth-'));
  try {
    const app = new App({ outdir });
    new AnomalyDetectorModuleStack(app, STACK_NAME, variant);
    app.synth();
    const synthesized = JSON.parse(readFileSync(join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json'), 'utf8')) as TerraformJson;
    return splitIntoModuleFiles(synthesized, variant.regionArgument ? AWS6_PROVIDER_VERSION : AWS_PROVIDER_VERSION);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
