import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { failedReviewMarkdown } from './comment-body';
import { expandPaths } from './expand-paths';
import { ActionInputs, readInputs } from './inputs';
import { PlansReview, reviewPlans } from './review-plans';
import { writeStickyComment, COMMENTS_PER_PAGE } from './sticky-comment';
import { uploadSarif } from './upload-sarif';

/** Exit code of bad input or a failure, as the CLI's. */
const FAILED = 2;
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

async function review(inputs: ActionInputs, cwd: string): Promise<PlansReview> {
  const plans = await expandPaths('plan-json', inputs.plans, cwd);
  const configs = await expandPaths('config', inputs.configs, cwd);
  return reviewPlans(plans, configs, inputs.failOn, inputs.commentKey, cwd);
}

async function comment(inputs: ActionInputs, markdown: string): Promise<void> {
  const { eventName, payload, repo } = github.context;
  const pullRequest = inputs.pullRequest ?? (PULL_REQUEST_EVENTS.includes(eventName) ? payload.pull_request?.number : undefined);
  if (pullRequest === undefined) {
    core.info(`No comment: the workflow runs on ${eventName}, not on a pull request, and no pull-request input names one.`);
    return;
  }
  const octokit = github.getOctokit(inputs.token);
  const issue = { ...repo, issue_number: pullRequest };
  const result = await writeStickyComment(
    {
      list: async (page) => (await octokit.rest.issues.listComments({ ...issue, per_page: COMMENTS_PER_PAGE, page })).data,
      create: async (body) => (await octokit.rest.issues.createComment({ ...issue, body })).data,
      update: async (id, body) => (await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body })).data,
    },
    inputs.commentKey,
    inputs.commentAuthor,
    markdown,
  );
  core.info(`Pull request #${pullRequest}: ${result.action} comment ${result.ids.join(', ')}.`);
}

async function upload(inputs: ActionInputs, sarif: string, cwd: string): Promise<void> {
  const octokit = github.getOctokit(inputs.token);
  const { repo, sha, ref } = github.context;
  const id = await uploadSarif(
    { upload: async (request) => (await octokit.rest.codeScanning.uploadSarif({ ...repo, ...request })).data },
    sarif,
    inputs.commentKey,
    sha,
    ref,
    cwd,
  );
  core.info(`SARIF log uploaded to code scanning (${id ?? 'no id'}).`);
}

/**
 * The action: reviews the plans, writes the job summary, the SARIF log and the sticky comment,
 * sets the outputs, and resolves to the exit code (fail-on's verdict, or 2 when something failed).
 */
export async function runAction(cwd: string = process.cwd()): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name));
  } catch (e) {
    // Nothing to review and nowhere known to comment: the log says why, the summary and output that it failed.
    core.error(e instanceof Error ? e.message : String(e));
    await core.summary.addRaw(failedReviewMarkdown(FAILED)).write();
    core.setOutput('exit-code', String(FAILED));
    return FAILED;
  }
  let result: PlansReview | undefined;
  try {
    result = await review(inputs, cwd);
  } catch (e) {
    core.error(`plan review: ${e instanceof Error ? e.message : String(e)}`);
  }
  let exitCode = result?.exitCode ?? FAILED;
  const markdown = result?.markdown ?? failedReviewMarkdown(exitCode);
  const markdownFile = join(mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'kms-anomaly-detector-')), 'plan-review.md');
  writeFileSync(markdownFile, markdown);
  core.setOutput('markdown-file', markdownFile);
  await core.summary.addRaw(markdown).write();

  // Each step runs whatever the one before did: a failed upload must not leave the last comment standing.
  const step = async (what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      core.error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      exitCode = FAILED;
    }
  };
  const sarif = result?.sarif;
  if (sarif !== undefined && inputs.sarifFile !== undefined) {
    const sarifFile = inputs.sarifFile;
    await step('SARIF log', async () => {
      writeFileSync(resolve(cwd, sarifFile), sarif);
      core.setOutput('sarif-file', sarifFile);
      if (inputs.uploadSarif) await upload(inputs, sarif, cwd);
    });
  }
  if (inputs.comment) await step('pull request comment', () => comment(inputs, result?.comment ?? markdown));
  core.setOutput('exit-code', String(exitCode));
  if (exitCode !== 0) {
    core.error(`exit ${exitCode} (fail-on: ${inputs.failOn}); see the review in the job summary`, { title: 'kms-anomaly-detector plan review' });
  }
  return exitCode;
}
