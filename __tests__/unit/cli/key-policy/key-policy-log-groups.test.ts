import { resolve } from 'node:path';
import { main } from '../../../../cli/main';
import { accountRootStatement, anomalyDetectorKeyPolicy, KeyPolicyDocument } from '../../../../modules/key-policy';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const ACCOUNT = '111122223333';
const SCOPE = { region: 'eu-west-1', account: ACCOUNT };
const rootOnly = JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] });

async function keyPolicy(args: string[], stdin: string) {
  let stdout = '';
  let stderr = '';
  const status = await main(['key-policy', ...args, '--region', 'eu-west-1', '--account', ACCOUNT], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => stdin,
    env: {},
    cwd: ROOT,
  });
  return { status, stdout, stderr };
}

describe('key-policy --log-group', () => {
  test('check says what is missing for the log groups; merge adds the log-group statement; check then passes', async () => {
    const detectorsOnly = JSON.stringify(anomalyDetectorKeyPolicy(SCOPE));
    const check = await keyPolicy(['check', '--log-group', '/app/web'], detectorsOnly);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`OK: CloudWatch Logs may use this key for anomaly detectors of ${ACCOUNT} in eu-west-1\n`);
    expect(check.stdout).toContain(`MISSING: CloudWatch Logs may not use this key for log groups /app/web of ${ACCOUNT} in eu-west-1:\n`);
    expect(check.stdout).toContain('- logs.eu-west-1.amazonaws.com cannot call kms:GenerateDataKey for log group /app/web: no statement allows it\n');

    const merge = await keyPolicy(['merge', '--log-group', '/app/web', '--log-group', '/app/db'], rootOnly);
    expect(merge.status).toBe(0);
    expect((JSON.parse(merge.stdout) as KeyPolicyDocument).Statement).toEqual(
      anomalyDetectorKeyPolicy(SCOPE, [], [ACCOUNT], ['/app/web', '/app/db']).Statement,
    );

    const recheck = await keyPolicy(['check', '--log-group', '/app/web', '--log-group', '/app/db'], merge.stdout);
    expect({ status: recheck.status, stdout: recheck.stdout }).toEqual({
      status: 0,
      stdout: `OK: CloudWatch Logs may use this key for anomaly detectors of ${ACCOUNT} in eu-west-1\nOK: CloudWatch Logs may use this key for log groups /app/web, /app/db of ${ACCOUNT} in eu-west-1\n`,
    });
  });

  test.each([
    [
      ['--log-group', 'bad name'],
      "--log-group must be a log group name, 1 to 512 of letters, digits and _ - / . #, or a pattern of them with '*', got 'bad name'",
    ],
    [['--log-group', '/a', '--log-group', '/a'], "--log-group must not name a log group twice, got '/a' twice"],
  ])('refuses %j with exit 2, naming the flag', async (flags, message) => {
    const result = await keyPolicy(['merge', ...flags], rootOnly);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
