import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../../../../cli/main';
import { accountRootStatement, anomalyDetectorKeyPolicy, KeyPolicyDocument } from '../../../../modules/key-policy';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const SCOPE = { region: 'eu-west-1', account: '111122223333' };
const rootOnly = JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] });

function keyPolicy(args: string[], stdin: string) {
  return spawnSync(resolve(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/kms-anomaly-detector.ts', 'key-policy', ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
  });
}

describe('key-policy command', () => {
  test('check exits 1 and says what is missing; merge fixes it; check then exits 0', () => {
    const check = keyPolicy(['check', '--region', 'eu-west-1', '--account', '111122223333'], rootOnly);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('MISSING: CloudWatch Logs may not use this key for anomaly detectors of 111122223333 in eu-west-1');

    const merge = keyPolicy(['merge', '--region', 'eu-west-1', '--account', '111122223333'], rootOnly);
    expect(merge.status).toBe(0);
    expect((JSON.parse(merge.stdout) as KeyPolicyDocument).Statement).toEqual(anomalyDetectorKeyPolicy(SCOPE).Statement);

    const recheck = keyPolicy(['check', '--region', 'eu-west-1', '--account', '111122223333'], merge.stdout);
    expect(recheck.status).toBe(0);
    expect(recheck.stdout).toBe('OK: CloudWatch Logs may use this key for anomaly detectors of 111122223333 in eu-west-1\n');
  });

  test.each(['cn-north-1', 'us-gov-west-1'])('check accepts what merge writes in %s, the partition derived from the region alike', (region) => {
    const merge = keyPolicy(['merge', '--region', region, '--account', '111122223333'], rootOnly);
    expect(merge.status).toBe(0);
    const check = keyPolicy(['check', '--region', region, '--account', '111122223333'], merge.stdout);
    expect({ status: check.status, stdout: check.stdout }).toEqual({
      status: 0,
      stdout: `OK: CloudWatch Logs may use this key for anomaly detectors of 111122223333 in ${region}\n`,
    });
  });

  test('bad input exits 2 with a clear message', () => {
    const run = keyPolicy(['merge', '--region', 'eu-west-1'], rootOnly);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'key-policy: --account is required; usage: kms-anomaly-detector key-policy merge|check --region REGION --account ACCOUNT [--account ACCOUNT ...] [--log-group NAME ...] [--partition PARTITION] < policy.json\n',
    );
    const badAccount = keyPolicy(['merge', '--region', 'eu-west-1', '--account', '12'], rootOnly);
    expect(badAccount.stderr).toBe("key-policy: --account must be 12 digits, got '12'\n");
  });

  // In-process: the spawned tests above prove the entry point; these need only the command.
  async function inProcess(args: string[], stdin: string) {
    let stdout = '';
    let stderr = '';
    const status = await main(['key-policy', ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readStdin: () => stdin,
      env: {},
      cwd: ROOT,
    });
    return { status, stdout, stderr };
  }

  test('a key shared across accounts: merge adds an account to the statements, check answers for each --account', async () => {
    const central = await inProcess(['merge', '--region', 'eu-west-1', '--account', '111122223333'], rootOnly);
    const shared = await inProcess(['merge', '--region', 'eu-west-1', '--account', '444455556666'], central.stdout);
    expect(shared.status).toBe(0);
    expect((JSON.parse(shared.stdout) as KeyPolicyDocument).Statement).toEqual(anomalyDetectorKeyPolicy(SCOPE, [], ['111122223333', '444455556666']).Statement);

    const partly = await inProcess(['check', '--region', 'eu-west-1', '--account', '111122223333', '--account', '777788889999'], shared.stdout);
    expect(partly.status).toBe(1);
    expect(partly.stdout).toContain('OK: CloudWatch Logs may use this key for anomaly detectors of 111122223333 in eu-west-1\n');
    expect(partly.stdout).toContain('MISSING: CloudWatch Logs may not use this key for anomaly detectors of 777788889999 in eu-west-1:\n');

    const both = await inProcess(['check', '--region', 'eu-west-1', '--account', '111122223333', '--account', '444455556666'], shared.stdout);
    expect(both.status).toBe(0);
  });

  test('refuses an account given twice', async () => {
    const run = await inProcess(['merge', '--region', 'eu-west-1', '--account', '111122223333', '--account', '111122223333'], rootOnly);
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 2,
      stderr: "key-policy: --account must name each account once, got '111122223333' twice\n",
    });
  });
});
