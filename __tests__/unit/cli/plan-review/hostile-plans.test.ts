import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../cli/main';
import { COMMENT_TARGET_LENGTH, fitComment, GITHUB_COMMENT_LIMIT } from '../../../../cli/plan-review/fit-comment';
import { exitCodeFor, renderMarkdown } from '../../../../cli/plan-review/render-markdown';
import { reviewPlan } from '../../../../cli/plan-review/review-plan';
import { PlanJson } from '../../../../terraform-runner/plan-json';
import { HostileCase, hostileCorpus, MISLEADING_ADDRESS, MISLEADING_CONFIG } from '../../../support/hostile-corpus';
import { FOREIGN_TYPES, headings, markdownTokens, mentionsOutsideCode, renderHtml, visibleText } from '../../../support/rendered-markdown';

const OUR_HEADINGS = ['Plan review: CloudWatch Logs anomaly detectors and their KMS keys', '⛔ Blocking', '⚠️ Warnings', 'ℹ️ Notes'];
const corpus = hostileCorpus();
const byName = (name: string): HostileCase => corpus.find((c) => c.name === name)!;
const review = (c: HostileCase) => reviewPlan(c.plan as unknown as PlanJson);

/** What a reader sees of one list item per finding: the items under our finding headings. */
function findingItems(markdown: string): string[] {
  const tokens = markdownTokens(markdown);
  return tokens.flatMap((t, i) => (t.type === 'list_item_open' ? [visibleText(tokens[i + 2].content)] : []));
}

describe.each(corpus.map((c) => [c.name, c] as const))('hostile plan: %s', (_, hostileCase) => {
  const planReview = review(hostileCase);
  const markdown = renderMarkdown(planReview);

  test('the markdown holds no element outside the review’s own structure', () => {
    const tokens = markdownTokens(markdown);
    expect(tokens.filter((t) => FOREIGN_TYPES.includes(t.type)).map((t) => t.content)).toEqual([]);
    expect(headings(markdown).every((h) => OUR_HEADINGS.includes(h))).toBe(true);
    expect(renderHtml(markdown)).not.toMatch(/<(img|a|details|summary|script)\b|<!--/);
    expect(mentionsOutsideCode(markdown)).toEqual([]);
  });

  test('every finding is a visible list item naming its rule', () => {
    const items = findingItems(markdown);
    expect(items).toHaveLength(planReview.findings.length);
    planReview.findings.forEach((f, i) => expect(items[i]).toContain(`(${f.rule})`));
  });

  test('the comment fits GitHub’s limit', () => {
    expect(fitComment([{ review: planReview }]).length).toBeLessThanOrEqual(COMMENT_TARGET_LENGTH);
  });
});

describe('the issue’s injection', () => {
  const planReview = review(byName('injection in every rendered field'));
  const markdown = renderMarkdown(planReview);

  test('no heading claims safety and the key deletion after the Sid stays visible', () => {
    expect(headings(markdown)).toEqual([OUR_HEADINGS[0], '⛔ Blocking', '⚠️ Warnings']);
    const items = findingItems(markdown);
    expect(items.map((i) => i.match(/\(([a-z-]+)\)/)?.[1])).toEqual(['key-policy-narrowed', 'key-deletion', 'detector-destroyed']);
    expect(items[1]).toContain('is scheduled for deletion');
    expect(exitCodeFor(planReview, 'blocking')).toBe(1);
  });

  test('the evaluator’s error names the statement by index and quotes nothing of the Sid', () => {
    const message = planReview.findings[0].message;
    expect(message).toContain('(statement #4: NotPrincipal is not supported by this evaluator)');
    expect(message).not.toMatch(/safe to merge|<!--|\n/);
  });

  test('the for_each key is shown whole, as text, in the table and the finding', () => {
    const key = 'a` <img src=https://attacker.example/px.gif> @acme/security-team [✅ approved](https://attacker.example) `b';
    const codes = markdownTokens(markdown)
      .filter((t) => t.type === 'code_inline')
      .map((t) => t.content);
    expect(codes).toContain(`aws_kms_key.main["${key}"]`);
  });

  test('bidirectional and zero-width characters are visible escapes', () => {
    expect(visibleText(markdown)).toContain('aws_kms_key.gone["evil\\u{202E}txt.exe\\u{200B}\\u{2066}"]');
  });
});

describe('policies too large or too wide', () => {
  test('2,000 named accounts exceed KMS’s 32 KB: one blocking finding to review by hand, not an evaluation', () => {
    const { findings } = review(byName('policy naming 2,000 accounts, all dropped'));
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('blocking');
    expect(findings[0].message).toMatch(
      /^Key policy narrowed: the key policy could not be evaluated \(The policy is \d+ bytes, more than the 32768 bytes KMS accepts/,
    );
    expect(findings[0].message).toContain('review it by hand');
  });

  test('500 named accounts, all dropped: one blocking finding per account; the comment is cut to fit, blocking first, pointing to the full review', () => {
    const planReview = review(byName('policy naming 500 accounts, all dropped'));
    expect(planReview.findings.filter((f) => f.severity === 'blocking')).toHaveLength(500);
    expect(new Set(planReview.findings.map((f) => f.message.match(/account (\d{12})/)?.[1])).size).toBe(500);
    const full = renderMarkdown(planReview);
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const comment = fitComment([{ review: planReview }]);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_TARGET_LENGTH);
    const text = visibleText(comment);
    expect(text).toMatch(
      /^This review is cut to fit a pull-request comment: \d+ of 500 findings shown, blocking first\. The full review is in the job summary/,
    );
    expect(text).toContain('0 to add, 1 to change, 0 to replace, 0 to destroy · 500 blocking, 0 warnings');
    const shown = findingItems(comment);
    expect(shown.at(-1)).toMatch(/^… and \d+ more blocking findings, in the full review$/);
    expect(shown.length - 1 + Number(shown.at(-1)!.match(/\d+/)![0])).toBe(500);
    expect(markdownTokens(comment).filter((t) => FOREIGN_TYPES.includes(t.type))).toEqual([]);
  });
});

describe('fitComment', () => {
  const blocking = review(byName('one address of 66,000 characters'));
  const wide = review(byName('policy naming 500 accounts, all dropped'));

  test('a review that fits is the full markdown, unchanged', () => {
    expect(fitComment([{ review: blocking }])).toBe(renderMarkdown(blocking));
  });

  test('across several plans, a later plan’s blocking finding is shown before an earlier plan’s warnings', () => {
    const warnings = { ...wide, findings: wide.findings.map((f) => ({ ...f, severity: 'warning' as const })) };
    const comment = fitComment([
      { review: warnings, title: 'a.json' },
      { review: blocking, title: 'b.json' },
    ]);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_TARGET_LENGTH);
    expect(headings(comment)).toEqual([`${OUR_HEADINGS[0]} (a.json)`, '⚠️ Warnings', `${OUR_HEADINGS[0]} (b.json)`, '⛔ Blocking']);
    expect(findingItems(comment).filter((i) => i.includes('(key-deletion)'))).toHaveLength(1);
  });

  test('a tiny target keeps whole lines only and still fits', () => {
    const comment = fitComment([{ review: wide }], 3_000);
    expect(comment.length).toBeLessThanOrEqual(3_000);
    expect(markdownTokens(comment).filter((t) => FOREIGN_TYPES.includes(t.type))).toEqual([]);
  });
});

describe('plan-review on the command line: SARIF against misleading addresses, the fitted comment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-review-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function sarif(hostileCase: HostileCase) {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(hostileCase.plan));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(hostileCase.config, null, 2));
    let stdout = '';
    const code = await main(['plan-review', 'plan.json', '--config', 'main.tf.json', '--format', 'sarif'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readStdin: () => '',
      env: {},
      cwd: dir,
    });
    const log = JSON.parse(stdout) as {
      runs: Array<{
        results: Array<{
          locations: Array<{ physicalLocation: { region: { startLine: number } } }>;
          partialFingerprints: Record<string, string>;
        }>;
      }>;
    };
    return { code, results: log.runs[0].results };
  }

  test('a key whose for_each key reads as an IAM role is not anchored at the role', async () => {
    const roleLine =
      JSON.stringify(MISLEADING_CONFIG, null, 2)
        .split('\n')
        .findIndex((l) => l.includes('"admin"')) + 1;
    expect(roleLine).toBeGreaterThan(1);
    const { code, results } = await sarif(byName('misleading address (SARIF)'));
    expect(code).toBe(1);
    expect(results.map((r) => r.locations[0].physicalLocation.region.startLine)).toEqual([1]);
    expect(results[0].partialFingerprints).toEqual({ 'ruleRootAddress/v1': `key-deletion:main.tf.json:${MISLEADING_ADDRESS}` });
  });

  test('plan-review --format comment prints the comment cut to fit; the exit code still follows the findings', async () => {
    writeFileSync(join(dir, 'wide.json'), JSON.stringify(byName('policy naming 500 accounts, all dropped').plan));
    let stdout = '';
    const code = await main(['plan-review', 'wide.json', '--format', 'comment'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readStdin: () => '',
      env: {},
      cwd: dir,
    });
    expect(code).toBe(1);
    expect(stdout.length).toBeLessThanOrEqual(COMMENT_TARGET_LENGTH);
    expect(visibleText(stdout)).toMatch(/^This review is cut to fit a pull-request comment: \d+ of 500 findings shown, blocking first\./);
  });

  test('an address of 100,000 [ is no address: anchored at line 1, answered at once', async () => {
    const { results } = await sarif(byName('an address of 100,000 [ (SARIF)'));
    expect(results.map((r) => r.locations[0].physicalLocation.region.startLine)).toEqual([1]);
  });
});
