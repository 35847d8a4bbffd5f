import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PlanJson } from '../../terraform-runner/plan-json';
import { UsageError } from '../usage-error';
import { readConfiguration, parsePlanJson } from './plan-input';
import { SynthesizedConfig } from './review-plan';

/** A plan to review, with what its review reads beside it. */
export interface ReviewedPlan {
  readonly title: string;
  readonly plan: PlanJson;
  readonly config?: SynthesizedConfig;
  /** The plan's file (a cdktf app's: its synthesized configuration): where SARIF anchors findings without a configuration. */
  readonly planFile: string;
  /** The configuration the plan came from: where SARIF anchors findings, at the resource's line. */
  readonly configPath?: string;
}

/**
 * Plan JSON files and the configurations they came from (one for all plans, or one per plan in
 * the same order), relative to `cwd`: what plan review reads from `PLAN_JSON ... --config PATH ...`
 * and the GitHub action from its `plan-json` and `config` inputs.
 */
export async function readPlanFiles(planFiles: readonly string[], configPaths: readonly string[], cwd: string): Promise<ReviewedPlan[]> {
  if (configPaths.length > 1 && configPaths.length !== planFiles.length) {
    throw new UsageError(`--config must be given once for all plans or once per plan: ${planFiles.length} plans, ${configPaths.length} --config`);
  }
  const configs = await Promise.all(configPaths.map((p) => readConfiguration(resolve(cwd, p))));
  const configPathOf = (i: number) => (configPaths.length > 0 ? resolve(cwd, configPaths.length > 1 ? configPaths[i] : configPaths[0]) : undefined);
  return planFiles.map((file, i) => {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    return {
      title: file,
      plan: parsePlanJson(text, file),
      config: configs.length > 1 ? configs[i] : configs[0],
      planFile: resolve(cwd, file),
      configPath: configPathOf(i),
    };
  });
}
