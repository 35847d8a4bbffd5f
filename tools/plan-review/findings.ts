/** What plan review says about one resource change. */
export type Severity = 'blocking' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly address: string;
  readonly message: string;
}

/** The action a resource change amounts to, as a reviewer says it. */
export type ReviewAction = 'create' | 'update' | 'replace' | 'destroy' | 'read' | 'no-op';

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
}
