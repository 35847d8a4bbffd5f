import { PlanReview, Rule, RULES, Severity } from './findings';

/** The SARIF result level of each severity: GitHub code scanning shows error, warning and note. */
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { blocking: 'error', warning: 'warning', info: 'note' };

const RULE_DESCRIPTIONS: Record<Rule, string> = {
  'key-deletion': 'A KMS key that encrypts detector or log group data is scheduled for deletion or replaced',
  'key-unprotected': 'An existing KMS key is not protected by prevent_destroy',
  'key-disabled': 'A KMS key that encrypts detector or log group data is disabled',
  'key-forgotten': 'A KMS key leaves the configuration without being deleted',
  'key-policy-narrowed': "A key policy change takes away CloudWatch Logs' use of the key",
  'key-policy-unknown': 'A key policy is removed or becomes unknown',
  'key-policy-widened': 'A key policy change gives the key to more accounts or conditions',
  'key-policy-destroyed': 'The key policy resource is destroyed',
  'detector-replaced': 'An anomaly detector is replaced: its learned patterns are lost',
  'detector-destroyed': 'An anomaly detector is destroyed',
  'log-group-key-switched': 'A log group switches or drops its KMS key: its older events still need the old key',
};

/** Where a finding is anchored: a file relative to the repository root (forward slashes, as code scanning matches it to the checkout) and a 1-based line. */
export interface SarifLocation {
  readonly uri: string;
  readonly startLine: number;
}

export interface SarifReview {
  readonly review: PlanReview;
  /** Where the resource at `address` is declared: the configuration the plan came from, else the plan file. */
  readonly locate: (address: string) => SarifLocation;
  /**
   * The stack or root module the plan is of (its configuration's or plan file's path): one address
   * in two stacks is two resources, so it is part of each result's fingerprint.
   */
  readonly root: string;
}

/**
 * Plan reviews as one SARIF 2.1.0 log for GitHub code scanning: one run, one result per finding,
 * the rule ids plan review uses, each result anchored at the file its plan came from (GitHub
 * needs a file and a line for every result), with the resource address as its logical location.
 */
export function renderSarif(reviews: readonly SarifReview[], toolVersion: string): string {
  const ruleIds: readonly Rule[] = Object.values(RULES);
  const results = reviews.flatMap(({ review, locate, root }) =>
    review.findings.map((f) => {
      const { uri, startLine } = locate(f.address);
      return {
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: LEVELS[f.severity],
        message: { text: `${f.address}: ${f.message}` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine } },
            logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }],
          },
        ],
        // The rule, the stack and the address identify a finding across runs, however lines move.
        partialFingerprints: { 'ruleRootAddress/v1': `${f.rule}:${root}:${f.address}` },
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kms-anomaly-detector plan-review',
            version: toolVersion,
            rules: ruleIds.map((id) => ({ id, name: id, shortDescription: { text: RULE_DESCRIPTIONS[id] } })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
