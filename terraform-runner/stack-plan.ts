import { readFileSync } from 'node:fs';
import { SynthesizedStack } from './cdktf-app';
import { PlanJson } from './plan-json';
import { Terraform } from './terraform';

/** The plan file written into the stack's working directory. */
export const PLAN_FILE = 'kms-anomaly-detector.tfplan';

/** A synthesized stack planned into `PLAN_FILE`, with the plan's JSON and the configuration it came from. */
export interface PlannedStack {
  readonly terraform: Terraform;
  /** false for an empty plan */
  readonly changes: boolean;
  readonly plan: PlanJson;
  /** The stack's `cdk.tf.json`, for what plan JSON leaves out (`lifecycle`). */
  readonly config: unknown;
}

/** `terraform init`, `plan -out`, `show -json` in the stack's working directory (where `cdktf deploy` runs). */
export async function planStack(stack: SynthesizedStack, env?: NodeJS.ProcessEnv): Promise<PlannedStack> {
  const terraform = new Terraform(stack.workingDirectory, { env });
  await terraform.init();
  const { changes } = await terraform.plan({ out: PLAN_FILE });
  const plan = (await terraform.showPlan(PLAN_FILE)) as PlanJson;
  return { terraform, changes, plan, config: JSON.parse(readFileSync(stack.configFile, 'utf8')) as unknown };
}
