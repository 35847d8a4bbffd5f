import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { PlanJson } from './plan-json';
import { PlannedChange, Terraform } from './terraform';

/**
 * One CDKTF stack deployed with the real terraform binary from a working directory of its own:
 * synthesize, plan, apply, change, destroy. Each synth replaces the configuration and keeps the
 * state and `.terraform`, as a user's repeated `cdktf deploy` would.
 */
export class StackDeployment {
  public readonly workDir: string;
  private readonly terraform: Terraform;
  private initialized = false;
  private readonly planFile: string;

  constructor(name: string, options: { env?: NodeJS.ProcessEnv } = {}) {
    this.workDir = mkdtempSync(join(tmpdir(), `kms-anomaly-${name}-`));
    this.planFile = join(this.workDir, 'tfplan');
    this.terraform = new Terraform(this.workDir, options);
  }

  /** Synthesizes the stack `build` makes and installs it as this deployment's configuration. */
  synth(build: (app: App) => TerraformStack): void {
    // Inside the working directory, so everything a deployment makes goes when it is removed.
    const outdir = mkdtempSync(join(this.workDir, 'synth-'));
    try {
      const app = new App({ outdir });
      const stack = build(app);
      new LocalBackend(stack, { path: join(this.workDir, 'terraform.tfstate') });
      app.synth();
      copyFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), join(this.workDir, 'cdk.tf.json'));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }

  /** Plans into a saved plan file; `changes` is false for an empty plan. */
  async plan(options: { destroy?: boolean } = {}): Promise<{ changes: boolean; plannedChanges: PlannedChange[] }> {
    await this.init();
    const { changes, plannedChanges } = await this.terraform.plan({ out: this.planFile, destroy: options.destroy });
    return { changes, plannedChanges };
  }

  /** The last saved plan as JSON (a separate `terraform show`: each terraform run loads the provider, seconds each). */
  async planJson(): Promise<PlanJson> {
    return (await this.terraform.showPlan(this.planFile)) as PlanJson;
  }

  /** Applies the last saved plan. */
  async apply(): Promise<void> {
    await this.terraform.apply(this.planFile);
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
