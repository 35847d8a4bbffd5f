import { commentMarker, IssueComment, MAX_COMMENT_PAGES, PullRequestComments, writeStickyComment } from '../../../action/sticky-comment';

/** GitHub's limit on a comment body. */
const GITHUB_COMMENT_LIMIT = 65_536;

/** An in-memory pull request's comments behind the three endpoints, recording the writes. */
function pullRequest(existing: IssueComment[]) {
  const comments = existing.map((c) => ({ ...c }));
  const writes: string[] = [];
  let nextId = 100;
  const endpoints: PullRequestComments = {
    list: (page) => Promise.resolve(comments.slice((page - 1) * 100, page * 100)),
    create: (body) => {
      writes.push(`create ${body}`);
      comments.push({ id: nextId, body, user: { login: 'bot' } });
      return Promise.resolve({ id: nextId++ });
    },
    update: (id, body) => {
      writes.push(`update ${id} ${body}`);
      comments.find((c) => c.id === id)!.body = body;
      return Promise.resolve({ id });
    },
  };
  return { endpoints, comments, writes };
}

describe('the sticky comment', () => {
  test('the marker is a hidden first line, one per comment key', () => {
    expect(commentMarker('')).toBe('<!-- kms-anomaly-detector plan-review -->');
    expect(commentMarker('roots/a')).toBe('<!-- kms-anomaly-detector plan-review key=roots/a -->');
  });

  test('created when the pull request has none, then updated in place', async () => {
    const pr = pullRequest([{ id: 1, body: 'looks good', user: { login: 'alice' } }]);
    expect(await writeStickyComment(pr.endpoints, '', 'bot', 'first')).toEqual({ action: 'created', ids: [100] });
    expect(await writeStickyComment(pr.endpoints, '', 'bot', 'second')).toEqual({ action: 'updated', ids: [100] });
    expect(pr.writes).toEqual(['create <!-- kms-anomaly-detector plan-review -->\nfirst', 'update 100 <!-- kms-anomaly-detector plan-review -->\nsecond']);
  });

  test('another key, another author, or the marker anywhere but the first line is not this comment', async () => {
    const pr = pullRequest([
      { id: 1, body: '<!-- kms-anomaly-detector plan-review key=b -->\nb', user: { login: 'bot' } },
      { id: 2, body: '<!-- kms-anomaly-detector plan-review key=a -->\nplanted', user: { login: 'mallory' } },
      { id: 3, body: 'quoting:\n<!-- kms-anomaly-detector plan-review key=a -->', user: { login: 'bot' } },
      { id: 4, body: null, user: null },
    ]);
    expect(await writeStickyComment(pr.endpoints, 'a', 'bot', 'review')).toEqual({ action: 'created', ids: [100] });
  });

  test('every earlier comment of the key is updated (past the first page too), so none keeps an older verdict', async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: 'chatter', user: { login: 'alice' } }));
    const marker = commentMarker('k');
    const pr = pullRequest([
      { id: 500, body: `${marker}\nold`, user: { login: 'bot' } },
      ...others,
      { id: 501, body: `${marker}\nolder`, user: { login: 'bot' } },
    ]);
    expect(await writeStickyComment(pr.endpoints, 'k', 'bot', 'new')).toEqual({ action: 'updated', ids: [500, 501] });
    expect(pr.comments.filter((c) => c.body?.startsWith(marker)).map((c) => c.body)).toEqual([`${marker}\nnew`, `${marker}\nnew`]);
  });

  test('a pull request with more comments than it reads fails rather than post a second verdict', async () => {
    const many = Array.from({ length: MAX_COMMENT_PAGES * 100 }, (_, i) => ({ id: i + 1, body: 'chatter', user: { login: 'alice' } }));
    await expect(writeStickyComment(pullRequest(many).endpoints, '', 'bot', 'review')).rejects.toThrow(
      'the pull request has more than 3000 comments: its sticky comment cannot be found',
    );
  });

  test("a body over GitHub's comment limit is refused before any request; one at the limit is posted", async () => {
    const marker = commentMarker('');
    const pr = pullRequest([]);
    const fits = 'x'.repeat(GITHUB_COMMENT_LIMIT - marker.length - 1);
    await expect(writeStickyComment(pr.endpoints, '', 'bot', `${fits}x`)).rejects.toThrow(
      "the review is 65537 characters with its marker, over GitHub's comment limit of 65536: read it in the job summary",
    );
    expect(pr.writes).toEqual([]);
    expect(await writeStickyComment(pr.endpoints, '', 'bot', fits)).toEqual({ action: 'created', ids: [100] });
  });

  test('a failed write propagates', async () => {
    const endpoints: PullRequestComments = {
      list: () => Promise.resolve([]),
      create: () => Promise.reject(new Error('Resource not accessible by integration')),
      update: () => Promise.reject(new Error('unused')),
    };
    await expect(writeStickyComment(endpoints, '', 'bot', 'review')).rejects.toThrow('Resource not accessible by integration');
  });
});
