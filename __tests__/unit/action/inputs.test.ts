import { inputLines, readInputs } from '../../../action/inputs';

/** getInput as @actions/core answers it: '' for an input the workflow does not set. */
const inputsOf = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const TOKEN = { 'github-token': 't' };

describe('the action inputs', () => {
  test('plan-json and config are lists: one path or glob per non-empty line, trimmed', () => {
    expect(inputLines(' a/plan.json \n\nroots/*/plan.json\r\n')).toEqual(['a/plan.json', 'roots/*/plan.json']);
    const inputs = readInputs(inputsOf({ ...TOKEN, 'plan-json': 'a.json\nb.json', config: 'a\nb' }));
    expect([inputs.plans, inputs.configs]).toEqual([
      ['a.json', 'b.json'],
      ['a', 'b'],
    ]);
  });

  test('defaults: fail on blocking, comment as github-actions[bot] under the default key, no SARIF', () => {
    expect(readInputs(inputsOf({ ...TOKEN, 'plan-json': 'p.json' }))).toEqual({
      plans: ['p.json'],
      configs: [],
      failOn: 'blocking',
      comment: true,
      commentKey: '',
      commentAuthor: 'github-actions[bot]',
      sarifFile: undefined,
      uploadSarif: false,
      token: 't',
    });
  });

  test('upload-sarif without sarif-file writes plan-review.sarif', () => {
    expect(readInputs(inputsOf({ ...TOKEN, 'plan-json': 'p.json', 'upload-sarif': 'true' })).sarifFile).toBe('plan-review.sarif');
  });

  test.each([
    [{}, "input 'plan-json' must name at least one plan JSON file (a path or a glob per line)"],
    [{ 'plan-json': 'p.json', 'fail-on': 'always' }, 'input \'fail-on\' must be one of blocking, replace, never, got "always"'],
    [{ 'plan-json': 'p.json', comment: 'yes' }, "input 'comment' must be 'true' or 'false', got \"yes\""],
    [{ 'plan-json': 'p.json', 'upload-sarif': '1' }, "input 'upload-sarif' must be 'true' or 'false', got \"1\""],
    [
      { 'plan-json': 'p.json', 'comment-key': 'a --> b' },
      'input \'comment-key\' must be up to 100 letters, digits, dots, underscores, slashes and hyphens, got "a --> b"',
    ],
    [
      { 'plan-json': 'p.json', 'comment-key': 'k'.repeat(101) },
      `input 'comment-key' must be up to 100 letters, digits, dots, underscores, slashes and hyphens, got "${'k'.repeat(101)}"`,
    ],
  ])('refuses %j: %s', (values, message) => {
    expect(() => readInputs(inputsOf({ ...TOKEN, ...values }))).toThrow(message);
  });

  test('a comment or an upload needs a token; a review alone does not', () => {
    expect(() => readInputs(inputsOf({ 'plan-json': 'p.json' }))).toThrow(
      "input 'github-token' must be set to comment or upload the SARIF log (its default is the job's github.token)",
    );
    expect(readInputs(inputsOf({ 'plan-json': 'p.json', comment: 'false' })).token).toBe('');
  });
});
