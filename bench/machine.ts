import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { findTerraformBinary } from '../terraform-runner/terraform';

/** What the figures were measured on. */
export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly terraform: string;
  readonly moto: string;
  readonly date: string;
}

function output(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

export function describeMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  const terraform = output(findTerraformBinary(env), ['version', '-json']);
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    terraform: terraform === 'unknown' ? terraform : (JSON.parse(terraform) as { terraform_version: string }).terraform_version,
    moto: output(env.LOCAL_AWS_PYTHON || 'python3', ['-c', 'import moto; print(moto.__version__)']),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
