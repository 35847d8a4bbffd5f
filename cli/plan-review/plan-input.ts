import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PlanAction, PlanJson } from '../../terraform-runner/plan-json';
import { UsageError } from '../usage-error';
import { SynthesizedConfig } from './review-plan';

const PLAN_ACTIONS: readonly PlanAction[] = ['no-op', 'create', 'read', 'update', 'delete', 'forget'];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A `terraform show -json` plan, checked for the shape plan review reads; anything else is
 * refused naming the file and the rule, so a wrong file never reviews as "no changes".
 * `resource_changes` is absent from the plan of an empty configuration, which still has
 * `planned_values`.
 */
export function parsePlanJson(text: string, file: string): PlanJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const notAPlan = (why: string) => new UsageError(`${file} is not the JSON of a saved plan (terraform show -json PLANFILE): ${why}`);
  if (!isObject(parsed)) throw notAPlan(`it must be an object, got ${Array.isArray(parsed) ? 'a list' : typeof parsed}`);
  if (typeof parsed.format_version !== 'string' || !/^1\./.test(parsed.format_version)) {
    throw notAPlan(`'format_version' must be a 1.x version string, got ${JSON.stringify(parsed.format_version)}`);
  }
  const changes = parsed.resource_changes;
  if (changes === undefined && !isObject(parsed.planned_values)) throw notAPlan("it has neither 'resource_changes' nor 'planned_values'");
  if (changes !== undefined && !Array.isArray(changes)) throw notAPlan(`'resource_changes' must be a list, got ${JSON.stringify(changes)}`);
  (changes ?? []).forEach((change: unknown, i) => checkResourceChange(change, `resource_changes[${i}]`, notAPlan));
  return parsed as unknown as PlanJson;
}

function checkResourceChange(change: unknown, at: string, notAPlan: (why: string) => UsageError): void {
  if (!isObject(change)) throw notAPlan(`'${at}' must be an object`);
  for (const member of ['address', 'type', 'name']) {
    if (typeof change[member] !== 'string') throw notAPlan(`'${at}.${member}' must be a string, got ${JSON.stringify(change[member])}`);
  }
  const where = `'${at}' (${String(change.address)})`;
  const body = change.change;
  if (!isObject(body)) throw notAPlan(`${where} has no 'change' object`);
  const actions = body.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => PLAN_ACTIONS.includes(a as PlanAction))) {
    throw notAPlan(`${where} 'change.actions' must be a non-empty list of ${PLAN_ACTIONS.join(', ')}, got ${JSON.stringify(actions)}`);
  }
  for (const side of ['before', 'after']) {
    if (!(side in body)) throw notAPlan(`${where} 'change.${side}' is missing (an object, or null)`);
    if (body[side] !== null && !isObject(body[side])) throw notAPlan(`${where} 'change.${side}' must be an object or null`);
  }
}

type ResourceBlocks = Record<string, Record<string, unknown>>;

/** `lifecycle.prevent_destroy` of a resource block, in JSON syntax (object) or as hcl2json gives HCL (lists of blocks). */
function preventDestroy(block: unknown): boolean | undefined {
  const body = Array.isArray(block) ? (block[0] as unknown) : block;
  if (!isObject(body)) return undefined;
  const lifecycle = Array.isArray(body.lifecycle) ? (body.lifecycle[0] as unknown) : body.lifecycle;
  if (!isObject(lifecycle)) return undefined;
  return lifecycle.prevent_destroy === true || lifecycle.prevent_destroy === 'true' ? true : lifecycle.prevent_destroy === undefined ? undefined : false;
}

/** The resource blocks of one parsed configuration file, keyed by type and name, reduced to their prevent_destroy. */
function resourceLifecycles(parsed: unknown): SynthesizedConfig['resource'] {
  const resources = isObject(parsed) && isObject(parsed.resource) ? (parsed.resource as ResourceBlocks) : {};
  return Object.fromEntries(
    Object.entries(resources).map(([type, blocks]) => [
      type,
      Object.fromEntries(
        Object.entries(isObject(blocks) ? blocks : {}).map(([name, block]) => [name, { lifecycle: { prevent_destroy: preventDestroy(block) } }]),
      ),
    ]),
  );
}

function mergeResources(configs: ReadonlyArray<SynthesizedConfig['resource']>): SynthesizedConfig {
  const resource: NonNullable<SynthesizedConfig['resource']> = {};
  for (const config of configs) {
    for (const [type, blocks] of Object.entries(config ?? {})) resource[type] = { ...resource[type], ...blocks };
  }
  return { resource };
}

function readJsonConfig(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${file} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * The root module's configuration for what plan JSON leaves out (`lifecycle`): a cdktf
 * `cdk.tf.json`, a `.tf.json` file, or a folder of `.tf` and `.tf.json` files (HCL read with
 * @cdktf/hcl2json, the parser cdktf itself uses).
 */
export async function readConfiguration(path: string): Promise<SynthesizedConfig> {
  if (!existsSync(path)) throw new UsageError(`--config ${path} does not exist: give a cdk.tf.json, a .tf.json file or a folder of .tf files`);
  if (!statSync(path).isDirectory()) {
    if (!path.endsWith('.json')) throw new UsageError(`--config ${path} must be a .tf.json/cdk.tf.json file or a folder of .tf files`);
    return mergeResources([resourceLifecycles(readJsonConfig(path))]);
  }
  const files = readdirSync(path).filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json'));
  if (files.length === 0) throw new UsageError(`--config ${path} holds no .tf or .tf.json file`);
  // Loaded here, not at the top: importing hcl2json compiles its WebAssembly (about 0.45 s of CPU),
  // which only a folder of .tf files needs.
  const { parse: parseHcl } = await import('@cdktf/hcl2json');
  const parsed = await Promise.all(
    files.sort().map(async (f) => {
      const file = join(path, f);
      if (f.endsWith('.json')) return readJsonConfig(file);
      try {
        return (await parseHcl(f, readFileSync(file, 'utf8'))) as unknown;
      } catch (e) {
        throw new UsageError(`--config ${file} is not valid HCL: ${(e as Error).message}`);
      }
    }),
  );
  return mergeResources(parsed.map(resourceLifecycles));
}
