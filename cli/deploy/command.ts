import { resolve } from 'node:path';
import { synthesizeApp } from '../../terraform-runner/cdktf-app';
import { Command } from '../command-io';
import { parseOptions } from '../parse-options';
import { selectStack } from '../select-stack';
import { KEY_DELETION_RULES } from '../plan-review/findings';
import { UsageError } from '../usage-error';
import { guardedDeploy } from './guarded-deploy';

const USAGE = 'usage: kms-anomaly-detector deploy [--app-dir DIR] [--stack NAME] [--allow-key-deletion]';

const HELP = `${USAGE}

Synthesizes the cdktf app in DIR (its cdktf.json names the app), plans the stack into a plan
file, reviews the plan as plan-review does, and applies exactly that plan only when the review
holds no blocking finding. Credentials and endpoints come from the AWS environment, as for
cdktf deploy; state is where cdktf deploy keeps it.

  --app-dir DIR          folder holding cdktf.json (default: .)
  --stack NAME           the stack to deploy; needed when the app has several
  --allow-key-deletion   let the reviewed plan delete a key (rules key-deletion and
                         key-unprotected): the data encrypted with it becomes unretrievable

Exit codes: 0 applied or no changes; 1 refused, nothing applied; 2 bad input or a failure.
`;

export const deployCommand: Command = {
  summary: 'synth, plan, review, and apply the reviewed plan only when nothing is blocking',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions(
      argv,
      { 'app-dir': { type: 'string', default: '.' }, stack: { type: 'string' }, 'allow-key-deletion': { type: 'boolean', default: false } },
      USAGE,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; ${USAGE}`);
    const log = (text: string) => io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    const appDir = resolve(io.cwd, values['app-dir']);
    log(`Synthesizing the app in ${appDir}...`);
    const stack = selectStack(await synthesizeApp(appDir, io.env), values.stack);
    const result = await guardedDeploy(stack, { allowKeyDeletion: values['allow-key-deletion'], env: io.env, log });
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
  },
};
