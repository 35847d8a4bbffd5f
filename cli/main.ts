import { auditCommand } from './audit/command';
import { Command, CommandIo } from './command-io';
import { deployCommand } from './deploy/command';
import { keyPolicyCommand } from './key-policy/command';
import { packageVersion } from './package-version';
import { planReviewCommand } from './plan-review/command';

/** The dispatch: every subcommand by the name it is run with. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  'plan-review': planReviewCommand,
  'key-policy': keyPolicyCommand,
  deploy: deployCommand,
  audit: auditCommand,
};

const HELP = `usage: kms-anomaly-detector COMMAND [ARGS...]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

'kms-anomaly-detector COMMAND --help' tells more. Exit codes: 0 clean, 1 findings (per
--fail-on, or a refused deploy), 2 bad input or a failure.
`;

/** Runs `kms-anomaly-detector ARGV`; resolves to the exit code. Errors never escape as stack traces. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`kms-anomaly-detector: unknown command '${name}'; one of ${Object.keys(COMMANDS).join(', ')} (--help tells more)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
