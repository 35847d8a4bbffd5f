import { FAIL_ON, FailOn } from '../cli/plan-review/render-markdown';

/** What the action was asked to do, read from its inputs (action.yml) and checked. */
export interface ActionInputs {
  /** Paths or globs of plan JSON files, one per line of `plan-json`. */
  readonly plans: readonly string[];
  /** Paths or globs of configurations, one per line of `config`: none, one for all plans, or one per plan. */
  readonly configs: readonly string[];
  readonly failOn: FailOn;
  readonly comment: boolean;
  /** Tells this review's sticky comment from others' on the same pull request ('' is the one default comment). */
  readonly commentKey: string;
  /** The pull request to comment on; undefined: the one the workflow's event is about. */
  readonly pullRequest?: number;
  /** Only comments by this login are taken as the sticky comment to update. */
  readonly commentAuthor: string;
  /** Where to write the SARIF log; undefined: no log. */
  readonly sarifFile?: string;
  readonly uploadSarif: boolean;
  readonly token: string;
}

/** Where the SARIF log goes when `upload-sarif` is on and `sarif-file` is empty. */
export const DEFAULT_SARIF_FILE = 'plan-review.sarif';

/** A comment key goes into an HTML comment and a SARIF category: a short, plain name. */
const COMMENT_KEY = /^[A-Za-z0-9._/-]{0,100}$/;
const COMMENT_KEY_RULE = 'up to 100 letters, digits, dots, underscores, slashes and hyphens';

/** An input the action refused: its message names the input and the rule. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The non-empty lines of a multi-line input, trimmed. */
export function inputLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function booleanInput(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`input '${name}' must be 'true' or 'false', got ${JSON.stringify(value)}`);
}

/** Reads and checks every input through `input(name)` (what `@actions/core`'s getInput returns: trimmed, '' when unset). */
export function readInputs(input: (name: string) => string): ActionInputs {
  const plans = inputLines(input('plan-json'));
  if (plans.length === 0) throw new InputError("input 'plan-json' must name at least one plan JSON file (a path or a glob per line)");
  const failOn = input('fail-on') || 'blocking';
  if (!(FAIL_ON as readonly string[]).includes(failOn))
    throw new InputError(`input 'fail-on' must be one of ${FAIL_ON.join(', ')}, got ${JSON.stringify(failOn)}`);
  const commentKey = input('comment-key');
  if (!COMMENT_KEY.test(commentKey)) throw new InputError(`input 'comment-key' must be ${COMMENT_KEY_RULE}, got ${JSON.stringify(commentKey)}`);
  const uploadSarif = booleanInput('upload-sarif', input('upload-sarif') || 'false');
  const sarifFile = input('sarif-file') || (uploadSarif ? DEFAULT_SARIF_FILE : undefined);
  const comment = booleanInput('comment', input('comment') || 'true');
  const pullRequest = input('pull-request');
  if (!/^$|^[1-9][0-9]{0,9}$/.test(pullRequest)) throw new InputError(`input 'pull-request' must be a pull request number, got ${JSON.stringify(pullRequest)}`);
  const token = input('github-token');
  if ((comment || uploadSarif) && token === '')
    throw new InputError("input 'github-token' must be set to comment or upload the SARIF log (its default is the job's github.token)");
  return {
    plans,
    configs: inputLines(input('config')),
    failOn: failOn as FailOn,
    comment,
    commentKey,
    pullRequest: pullRequest === '' ? undefined : Number(pullRequest),
    commentAuthor: input('comment-author') || 'github-actions[bot]',
    sarifFile,
    uploadSarif,
    token,
  };
}
