import { GITHUB_COMMENT_LIMIT } from '../cli/plan-review/fit-comment';
/** A pull-request comment as the list endpoint gives it. */
export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: { readonly login: string } | null;
}

/** The three comment endpoints of one pull request: list (one page of 100, oldest first), create, update. */
export interface PullRequestComments {
  readonly list: (page: number) => Promise<readonly IssueComment[]>;
  readonly create: (body: string) => Promise<{ readonly id: number }>;
  readonly update: (id: number, body: string) => Promise<{ readonly id: number }>;
}

export const COMMENTS_PER_PAGE = 100;
/** Pages of comments read at most (3,000 comments): past that the action fails rather than miss its comment. */
export const MAX_COMMENT_PAGES = 30;

/** The hidden first line that tells this review's comment (per comment key) from every other. */
export function commentMarker(commentKey: string): string {
  return commentKey === '' ? '<!-- kms-anomaly-detector plan-review -->' : `<!-- kms-anomaly-detector plan-review key=${commentKey} -->`;
}

export interface StickyCommentResult {
  readonly action: 'created' | 'updated';
  /** The comments written: the new one, or every earlier one with the marker (so none keeps an older verdict). */
  readonly ids: readonly number[];
}

/**
 * Writes `markdown` as the pull request's sticky comment for `commentKey`: updates every comment
 * by `author` whose first line is the key's marker, or creates one. A body over GitHub's limit is
 * refused before any request (reviewComment is where a review is cut to fit). Errors from the endpoints
 * propagate: a review that could not be posted must fail the step, never leave the last verdict.
 */
export async function writeStickyComment(comments: PullRequestComments, commentKey: string, author: string, markdown: string): Promise<StickyCommentResult> {
  const marker = commentMarker(commentKey);
  const body = `${marker}\n${markdown}`;
  if (body.length > GITHUB_COMMENT_LIMIT) {
    throw new Error(
      `the review is ${body.length} characters with its marker, over GitHub's comment limit of ${GITHUB_COMMENT_LIMIT}: read it in the job summary`,
    );
  }
  const ours: number[] = [];
  for (let page = 1; ; page++) {
    if (page > MAX_COMMENT_PAGES)
      throw new Error(`the pull request has more than ${MAX_COMMENT_PAGES * COMMENTS_PER_PAGE} comments: its sticky comment cannot be found`);
    const listed = await comments.list(page);
    for (const c of listed) if (c.user?.login === author && (c.body ?? '').split('\n', 1)[0] === marker) ours.push(c.id);
    if (listed.length < COMMENTS_PER_PAGE) break;
  }
  if (ours.length === 0) return { action: 'created', ids: [(await comments.create(body)).id] };
  for (const id of ours) await comments.update(id, body);
  return { action: 'updated', ids: ours };
}
