import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertServedLocally, unservedBlocks } from '../localstack/local-services';
import { App, LocalBackend, TerraformStack } from '../modules/toolchain';
import { PlanJson } from './plan-json';
import { PlannedChange, Terraform } from './terraform';

/**
 * One CDKTF stack (CDK Terrain's, from the `/cdktn/testing` entry) deployed with the real
 * terraform binary from a working directory of its own: synthesize, plan, apply, change,
 * destroy. Each synth replaces the configuration and keeps the state and `.terraform`, as a
 * user's repeated `cdktf deploy` would.
 */
export class StackDeployment {
  public readonly workDir: string;
  private readonly terraform: Terraform;
  private initialized = false;
  /** The default plan file, in the working directory. */
  private readonly planFile = 'tfplan';

  constructor(name: string, options: { env?: NodeJS.ProcessEnv } = {}) {
    this.workDir = mkdtempSync(join(tmpdir(), `kms-anomaly-${name}-`));
    this.terraform = new Terraform(this.workDir, options);
  }

  /**
   * Synthesizes the stack `build` makes and installs it as this deployment's configuration.
   * A stack with an `aws_*` resource or data source whose service local AWS does not serve is
   * refused, naming it, and not installed: its calls would go to real AWS.
   */
  synth(build: (app: App) => TerraformStack): void {
    // Inside the working directory, so everything a deployment makes goes when it is removed.
    const outdir = mkdtempSync(join(this.workDir, 'synth-'));
    try {
      const app = new App({ outdir });
      const stack = build(app);
      new LocalBackend(stack, { path: join(this.workDir, 'terraform.tfstate') });
      app.synth();
      const synthesized = join(outdir, 'stacks', stack.node.id, 'cdk.tf.json');
      assertServedLocally(unservedBlocks(JSON.parse(readFileSync(synthesized, 'utf8'))));
      copyFileSync(synthesized, join(this.workDir, 'cdk.tf.json'));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }

  /** The installed configuration (`cdk.tf.json`), parsed. */
  configuration(): unknown {
    return JSON.parse(readFileSync(join(this.workDir, 'cdk.tf.json'), 'utf8'));
  }

  /**
   * Plans into a saved plan file (`planFile`, relative to the working directory; @default 'tfplan');
   * `changes` is false for an empty plan. `refresh: false` skips reading every resource back
   * first, for state the previous command has just written.
   */
  async plan(options: { destroy?: boolean; refresh?: boolean; planFile?: string } = {}): Promise<{ changes: boolean; plannedChanges: PlannedChange[] }> {
    await this.init();
    const { changes, plannedChanges } = await this.terraform.plan({
      out: options.planFile ?? this.planFile,
      destroy: options.destroy,
      refresh: options.refresh,
    });
    return { changes, plannedChanges };
  }

  /** A saved plan as JSON (a separate `terraform show`: each terraform run loads the provider, seconds each). @default - the last `plan()`'s default file */
  async planJson(planFile: string = this.planFile): Promise<PlanJson> {
    return (await this.terraform.showPlan(planFile)) as PlanJson;
  }

  /**
   * Applies a saved plan (@default - the last `plan()`'s default file). A failure is a
   * TerraformCommandError whose `diagnostics` name the resources that failed.
   */
  async apply(planFile: string = this.planFile): Promise<void> {
    await this.terraform.apply(planFile, { json: true });
  }

  /**
   * Plans and applies in one terraform run (one provider start-up fewer than plan, then apply).
   * `progress` gets one line per resource as Terraform finishes it, and the total.
   */
  async deploy(options: { progress?: (line: string) => void } = {}): Promise<void> {
    await this.init();
    await this.terraform.apply(undefined, options);
  }

  async outputs(): Promise<Record<string, string>> {
    const { stdout } = await this.terraform.run(['output', '-json', '-no-color']);
    const parsed = JSON.parse(stdout) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
  }

  /** Resource addresses in the state (`terraform state list`). */
  async stateAddresses(): Promise<string[]> {
    await this.init();
    const { stdout } = await this.terraform.run(['state', 'list']);
    return stdout.split('\n').filter(Boolean);
  }

  async destroy(): Promise<void> {
    await this.init();
    await this.terraform.destroy();
  }

  /** Removes the working directory (state included). */
  remove(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async init(): Promise<void> {
    if (this.initialized) return;
    await this.terraform.init();
    this.initialized = true;
  }
}
