import type { PlanJson } from '../terraform-runner/plan-json';

/**
 * Scenario names become the first component of every construct path in the scenario, so every
 * Terraform name cdktf allocates there starts with `NAME_`. No '_' in the name keeps that prefix
 * unambiguous (scenario `a` never owns `a_b`'s resources).
 */
export const SCENARIO_NAME = /^[a-z][a-z0-9-]{0,39}$/;
export const SCENARIO_NAME_RULE = "1-40 lower-case letters, digits and '-', starting with a letter";

/** The Terraform name in an address: `aws_kms_key.NAME`, `data.aws_x.NAME`, `module.NAME.…`, with any `[index]`. */
function nameInAddress(address: string): string | undefined {
  const parts = address.split('.');
  const name = parts[0] === 'module' ? parts[1] : parts[0] === 'data' ? parts[2] : parts[1];
  return name?.replace(/\[.*$/, '');
}

/** Whether a resource, data source or module address belongs to the scenario named `scenario`. */
export function ownedBy(scenario: string, address: string | undefined): boolean {
  return address !== undefined && (nameInAddress(address) ?? '').startsWith(`${scenario}_`);
}

/** A plan JSON whose `resource_changes`, `resource_drift` and `output_changes` hold only the scenario's; other fields are the whole plan's. */
export function scenarioPlan(plan: PlanJson, scenario: string, outputNames: ReadonlySet<string>): PlanJson {
  const raw = plan as PlanJson & { resource_drift?: PlanJson['resource_changes']; output_changes?: Record<string, unknown> };
  const own = (changes: PlanJson['resource_changes']) => changes && changes.filter((c) => ownedBy(scenario, c.address));
  return {
    ...raw,
    resource_changes: own(raw.resource_changes),
    ...(raw.resource_drift && { resource_drift: own(raw.resource_drift) }),
    ...(raw.output_changes && { output_changes: Object.fromEntries(Object.entries(raw.output_changes).filter(([name]) => outputNames.has(name))) }),
  };
}
