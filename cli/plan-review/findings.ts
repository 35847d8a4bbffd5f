/** What plan review says about one resource change. */
export type Severity = 'blocking' | 'warning' | 'info';

/**
 * Stable ids of what plan review finds, so users can grep, count or allow one of them.
 * Key deletion rules are the ones a reviewed, explicit opt-in may let through.
 */
export const RULES = {
  keyDeletion: 'key-deletion',
  keyUnprotected: 'key-unprotected',
  keyDisabled: 'key-disabled',
  keyForgotten: 'key-forgotten',
  keyPolicyNarrowed: 'key-policy-narrowed',
  keyPolicyUnknown: 'key-policy-unknown',
  keyPolicyWidened: 'key-policy-widened',
  keyPolicyResourceDestroyed: 'key-policy-destroyed',
  detectorReplaced: 'detector-replaced',
  detectorDestroyed: 'detector-destroyed',
  logGroupKeySwitched: 'log-group-key-switched',
} as const;
export type Rule = (typeof RULES)[keyof typeof RULES];

/** Rules about deleting a key, or leaving it deletable: what `--allow-key-deletion` lets through. */
export const KEY_DELETION_RULES: readonly Rule[] = [RULES.keyDeletion, RULES.keyUnprotected];

export interface Finding {
  readonly severity: Severity;
  readonly rule: Rule;
  readonly address: string;
  readonly message: string;
}

/** The action a resource change amounts to, as a reviewer says it. */
export type ReviewAction = 'create' | 'update' | 'replace' | 'destroy' | 'forget' | 'read' | 'no-op';

export interface ReviewedChange {
  readonly address: string;
  readonly action: ReviewAction;
  readonly why: string;
}

export interface PlanReview {
  readonly changes: readonly ReviewedChange[];
  readonly findings: readonly Finding[];
  /** Whether any detector's key association changes (the five-minute reminder). */
  readonly associationChanges: boolean;
  /** Existing keys whose prevent_destroy could not be checked: plan JSON carries no lifecycle, and no configuration was given. */
  readonly uncheckedKeys: readonly string[];
}
