import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalAws } from '../localstack/local-aws';
import { localAwsProviderSettings } from '../localstack/provider-settings';
import { AnomalyDetectionStack } from '../stacks/anomaly-detection-stack';
import { EXAMPLE_STACK_NAME } from '../stacks/example-config';
import { StackDeployment } from '../terraform-runner/stack-deployment';
import { Terraform, TerraformResult } from '../terraform-runner/terraform';
import { Cleanup } from './cleanup';
import { median, pairwiseRatios, timed, timeMs } from './measure';
import { plainExampleConfig } from './plain-terraform';
import { creationMs, providerLaunches } from './provider-log';
import { countFigure, msFigure, Section } from './results';

export interface TerraformOverheadOptions {
  readonly runs: number;
  readonly localAws: LocalAws;
  readonly cleanup: Cleanup;
  readonly progress: (line: string) => void;
  /** `npx tsx main.ts` samples from section 1, for the figure with synth as a whole process. */
  readonly processSynthMs: readonly number[];
}

/** One deployment's timings: `prepareMs` is synth (ours) or writing the JSON (plain). */
interface PathRun {
  readonly prepareMs: number;
  readonly initMs: number;
  readonly applyMs: number;
  readonly providerLaunches: number;
  readonly providerMs: number;
  readonly keyCreationMs: number;
  readonly destroyMs: number;
}

type Deployed = Omit<PathRun, 'prepareMs'>;

/** Resource and data-source types with their counts: what both configurations must agree on. */
function resourceInventory(config: Record<string, unknown>): string {
  return (['data', 'resource'] as const)
    .flatMap((kind) => Object.entries((config[kind] ?? {}) as Record<string, object>).map(([type, byName]) => `${kind}.${type} x${Object.keys(byName).length}`))
    .sort()
    .join(', ');
}

/**
 * init, then one `apply -auto-approve` with the provider's plugin log on (both paths alike), then
 * destroy, even when apply failed, so every run starts from the same local AWS.
 */
async function deployAndDestroy(dir: string, localAws: LocalAws): Promise<Deployed> {
  const credentials = { AWS_ACCESS_KEY_ID: localAws.accessKeyId, AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey };
  const logFile = join(dir, 'apply.log');
  const terraform = new Terraform(dir, { env: credentials });
  const logged = new Terraform(dir, { env: { ...credentials, TF_LOG_PROVIDER: 'DEBUG', TF_LOG_PATH: logFile } });
  const initMs = await timeMs(() => terraform.init());
  let applied: { ms: number; value: TerraformResult } | undefined;
  let applyError: unknown;
  try {
    applied = await timed(() => logged.apply());
  } catch (e) {
    applyError = e;
  }
  let destroyMs: number;
  try {
    destroyMs = await timeMs(() => terraform.destroy());
  } catch (e) {
    throw applyError ?? e;
  }
  if (!applied) throw applyError;
  const launches = providerLaunches(readFileSync(logFile, 'utf8'));
  return {
    initMs,
    applyMs: applied.ms,
    providerLaunches: launches.count,
    providerMs: launches.totalMs,
    keyCreationMs: creationMs(applied.value.stdout, 'aws_kms_key'),
    destroyMs,
  };
}

/**
 * Section 2: the example through our path (synth with cdktf, init, apply) against the same
 * resources as hand-written Terraform JSON (init, apply), alternating which goes first.
 */
export async function terraformOverhead(options: TerraformOverheadOptions): Promise<Section> {
  const { runs, localAws, cleanup, progress } = options;
  const ours: PathRun[] = [];
  const plain: PathRun[] = [];
  let oursInventory = '';
  let plainInventory = '';

  const runOurs = async (run: number) => {
    const namePrefix = `bench-ours-${run}`;
    const deployment = new StackDeployment(namePrefix);
    cleanup.add(`remove ${deployment.workDir}`, () => deployment.remove());
    try {
      const prepareMs = await timeMs(() =>
        deployment.synth(
          (app) =>
            new AnomalyDetectionStack(app, EXAMPLE_STACK_NAME, {
              region: localAws.region,
              namePrefix,
              key: 'new',
              preventDestroy: false,
              provider: localAwsProviderSettings(localAws),
            }),
        ),
      );
      const config = JSON.parse(readFileSync(join(deployment.workDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
      oursInventory = resourceInventory(config);
      ours.push({ prepareMs, ...(await deployAndDestroy(deployment.workDir, localAws)) });
    } finally {
      deployment.remove();
    }
  };

  const runPlain = async (run: number) => {
    const dir = cleanup.tempDir(`plain-${run}`);
    const { endpoint, accessKeyId, secretAccessKey, region } = localAws;
    const { ms: prepareMs, value: config } = await timed(() => {
      const generated = plainExampleConfig({ endpoint, accessKeyId, secretAccessKey, region, namePrefix: `bench-plain-${run}` });
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(generated, null, 2));
      return generated;
    });
    plainInventory = resourceInventory(config);
    plain.push({ prepareMs, ...(await deployAndDestroy(dir, localAws)) });
  };

  for (let run = 1; run <= runs; run++) {
    // Alternating the order keeps drift in the machine's load from favouring one path.
    const order = run % 2 === 1 ? [runOurs, runPlain] : [runPlain, runOurs];
    for (const path of order) {
      progress(`terraform: run ${run}/${runs}, ${path === runOurs ? 'ours (cdktf)' : 'plain JSON'}`);
      await path(run);
    }
    if (oursInventory !== plainInventory) {
      throw new Error(`The plain JSON does not hold the example's resources:\n  ours:  ${oursInventory}\n  plain: ${plainInventory}`);
    }
  }

  const total = (r: PathRun) => r.prepareMs + r.initMs + r.applyMs;
  const pick = (path: PathRun[], f: (r: PathRun) => number) => path.map(f);
  const processSynth = median(options.processSynthMs);
  return {
    title: '2. Our full path vs plain Terraform JSON (against the same local AWS)',
    figures: [
      msFigure(
        'ours: synth (StackDeployment.synth, in-process)',
        pick(ours, (r) => r.prepareMs),
      ),
      msFigure(
        'ours: terraform init',
        pick(ours, (r) => r.initMs),
      ),
      msFigure(
        'ours: terraform apply -auto-approve',
        pick(ours, (r) => r.applyMs),
      ),
      msFigure('**ours: full path (synth + init + apply)**', pick(ours, total)),
      msFigure(
        'plain: generate and write main.tf.json',
        pick(plain, (r) => r.prepareMs),
      ),
      msFigure(
        'plain: terraform init',
        pick(plain, (r) => r.initMs),
      ),
      msFigure(
        'plain: terraform apply -auto-approve',
        pick(plain, (r) => r.applyMs),
      ),
      msFigure('**plain: full path (generate + init + apply)**', pick(plain, total)),
      countFigure(
        'ours: provider plugin launches in apply',
        pick(ours, (r) => r.providerLaunches),
      ),
      countFigure(
        'plain: provider plugin launches in apply',
        pick(plain, (r) => r.providerLaunches),
      ),
      msFigure(
        'ours: apply time inside provider processes (start to exit, summed)',
        pick(ours, (r) => r.providerMs),
      ),
      msFigure(
        'plain: apply time inside provider processes (start to exit, summed)',
        pick(plain, (r) => r.providerMs),
      ),
      msFigure(
        'ours: aws_kms_key creation (provider-reported, whole s)',
        pick(ours, (r) => r.keyCreationMs),
      ),
      msFigure(
        'plain: aws_kms_key creation (provider-reported, whole s)',
        pick(plain, (r) => r.keyCreationMs),
      ),
      msFigure(
        'ours: terraform destroy (after each run, not in the path)',
        pick(ours, (r) => r.destroyMs),
      ),
      msFigure(
        'plain: terraform destroy (after each run, not in the path)',
        pick(plain, (r) => r.destroyMs),
      ),
    ],
    ratios: [
      { label: '**full path: ours / plain**', samples: pairwiseRatios(pick(ours, total), pick(plain, total)), targetMax: 1.2 },
      {
        label: 'apply alone: ours / plain',
        samples: pairwiseRatios(
          pick(ours, (r) => r.applyMs),
          pick(plain, (r) => r.applyMs),
        ),
      },
      {
        label: 'full path with synth as a whole process (section 1 `npx tsx main.ts` median in place of in-process synth) / plain',
        samples: pairwiseRatios(
          pick(ours, (r) => total(r) - r.prepareMs + processSynth),
          pick(plain, total),
        ),
        targetMax: 1.2,
      },
    ],
    notes: [
      `Ours: the example stack (\`AnomalyDetectionStack\`, new key, \`preventDestroy: false\`, \`localAwsProviderSettings\`) through \`StackDeployment.synth\`; plain: bench/plain-terraform.ts, the same resources (${plainInventory}) and provider settings without cdktf.`,
      'Both run the same `terraform-runner/terraform.ts` commands with the offline provider mirror: `init`, then one `apply -auto-approve` with `TF_LOG_PROVIDER=DEBUG` to a file (for the plugin launch lines), then `destroy`. Which path goes first alternates by run.',
      'Provider time: from each "plugin started" to its "plugin process exited" line; every launch loads and configures the ~700 MB hashicorp/aws provider. The key\'s creation time includes the provider\'s waits for the key policy, rotation, description and tags to propagate.',
    ],
  };
}
