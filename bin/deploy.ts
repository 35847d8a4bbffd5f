/**
 * The guarded deploy of a cdktf app: synthesize, plan to a file, review the plan, and apply
 * exactly that plan only when the review holds nothing blocking.
 *
 *   deploy [--app-dir DIR] [--stack NAME] [--allow-key-deletion]
 *
 * Exit codes: 0 applied, or nothing to change; 1 refused by the review, nothing applied;
 * 2 bad input, or synth or terraform failed.
 */
import { parseArgs } from 'node:util';
import { selectStack, synthesizeApp } from '../terraform-runner/cdktf-app';
import { guardedDeploy } from '../cli/deploy/guarded-deploy';
import { KEY_DELETION_RULES } from '../cli/plan-review/findings';

const USAGE = `usage: deploy [--app-dir DIR] [--stack NAME] [--allow-key-deletion]

Synthesizes the cdktf app in DIR (default: the current folder; its cdktf.json names the app),
plans the stack into a plan file, reviews the plan as plan-review does, and applies exactly
that plan only when the review holds no blocking finding. Credentials and endpoints come from
the AWS environment, as for cdktf deploy.

  --app-dir DIR          folder holding cdktf.json (default: .)
  --stack NAME           the stack to deploy; needed when the app has several
  --allow-key-deletion   let the reviewed plan delete a key (rules key-deletion and
                         key-unprotected): the data encrypted with it becomes unretrievable

Exit codes: 0 applied or no changes; 1 refused, nothing applied; 2 bad input or a failure.
`;

const log = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'app-dir': { type: 'string', default: '.' },
      stack: { type: 'string' },
      'allow-key-deletion': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  log(`Synthesizing the app in ${values['app-dir']}...`);
  const stack = selectStack(await synthesizeApp(values['app-dir']), values.stack);
  const result = await guardedDeploy(stack, { allowKeyDeletion: values['allow-key-deletion'], log });
  if (result.outcome === 'refused') {
    const rules = [...new Set(result.refusedBy.map((f) => f.rule))].join(', ');
    log(`Refused: ${result.refusedBy.length} blocking finding(s) (${rules}); nothing was applied.`);
    if (result.refusedBy.every((f) => KEY_DELETION_RULES.includes(f.rule))) {
      log('If deleting the key and its data is intended, run again with --allow-key-deletion.');
    }
    return 1;
  }
  log(result.outcome === 'applied' ? 'Applied the reviewed plan.' : 'No changes: nothing to apply.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`deploy: ${e.message}\n`);
    process.exit(2);
  },
);
