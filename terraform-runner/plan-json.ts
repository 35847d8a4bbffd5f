/** The parts of `terraform show -json PLANFILE` this project reads (format version 1.x). */
/** `forget`: a `removed` block with `destroy = false` (Terraform 1.7+) drops the resource from state only. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

export interface ResourceChange {
  readonly address: string;
  /** Where a `moved` block brings the resource from. */
  readonly previous_address?: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    /** Attributes whose value is known only after apply (`true`). */
    readonly after_unknown?: Record<string, unknown>;
    readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  };
  /** e.g. `replace_because_cannot_update`, `replace_by_triggers`, `delete_because_no_resource_config` */
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: readonly ResourceChange[];
}

/** Resource changes that do something (not no-op, not read). */
export function effectiveChanges(plan: PlanJson): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === 'no-op' || a === 'read'));
}

/** Whether a change gives its resource another `kms_key_id` (removed counts), or one known only after apply. */
export function kmsKeyIdChanges(change: ResourceChange): boolean {
  const { before, after, after_unknown: afterUnknown } = change.change;
  return afterUnknown?.kms_key_id === true || (before?.kms_key_id ?? null) !== (after?.kms_key_id ?? null);
}
