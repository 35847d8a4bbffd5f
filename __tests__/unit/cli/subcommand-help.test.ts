import { COMMANDS, main } from '../../../cli/main';

// The subcommands come from the CLI's own dispatch, so a subcommand added without help fails here.
const NAMES = Object.keys(COMMANDS);

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => '', env: {}, cwd: __dirname });
  return { code, stdout, stderr };
}

describe('--help on every subcommand of the dispatch', () => {
  test('the dispatch is read, not empty', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(4);
    expect(NAMES).toContain('audit');
  });

  test.each(NAMES)('%s --help: exit 0, its usage line first, exit codes, nothing on stderr', async (name) => {
    const { code, stdout, stderr } = await run([name, '--help']);
    expect({ code, stderr, first: stdout.split('\n')[0].startsWith(`usage: kms-anomaly-detector ${name} `) }).toEqual({ code: 0, stderr: '', first: true });
    expect(stdout).toMatch(/\nExit codes: 0 /);
  });

  test.each(NAMES)('%s --help explains every flag of its usage line below it', async (name) => {
    const [usage, ...body] = (await run([name, '--help'])).stdout.split('\n');
    const flags = [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])];
    expect(flags.filter((flag) => !body.some((line) => line.includes(flag)))).toEqual([]);
  });

  test.each(NAMES)('%s -h prints the same help as --help, even after other arguments', async (name) => {
    const help = (await run([name, '--help'])).stdout;
    expect(await run([name, 'anything', '-h'])).toEqual({ code: 0, stdout: help, stderr: '' });
  });

  test('the top-level help lists every subcommand of the dispatch with its summary', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    for (const name of NAMES) expect(lines.filter((l) => l.startsWith(`  ${name} `) && l.endsWith(` ${COMMANDS[name].summary}`))).toHaveLength(1);
  });
});
