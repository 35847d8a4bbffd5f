import { runCommand } from '../support/run-command';
import { uniqueName } from './support/unique-name';

describe('npm start -- --once', () => {
  test('deploys the example, verifies association and key policy, prints the endpoint, destroys', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NAME_PREFIX: uniqueName('start') };
    // Its own local AWS, as on a developer's machine.
    delete env.AWS_ENDPOINT_URL;
    delete env.LOCAL_AWS_ENDPOINT;
    const { code, stdout, stderr } = await runCommand('npm', ['start', '--silent', '--', '--once'], { env });

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^key ARN: +arn:aws:kms:us-east-1:\d{12}:key\/[0-9a-f-]{36}$/m);
    expect(stdout).toMatch(/^detector ARN: +arn:aws:logs:us-east-1:\d{12}:anomaly-detector:[0-9a-f-]{36}$/m);
    expect(stdout).toMatch(/^association verified: GetLogAnomalyDetector\.kmsKeyId is arn:aws:kms:/m);
    expect(stdout).toMatch(/^key policy verified: logs\.us-east-1\.amazonaws\.com may call kms:GenerateDataKey and kms:Decrypt/m);
    expect(stdout).toMatch(
      /^log group encryption verified: DescribeLogGroups\.kmsKeyId is arn:aws:kms:\S+ for \/start-\S+\/application, \/start-\S+\/access, /m,
    );
    expect(stdout).toMatch(/^AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    // Progress while Terraform works: one line per resource, then the total.
    expect(stdout).toMatch(/^ {2}aws_kms_key\.key_Key_[0-9A-F]+: created in \d+ s$/m);
    expect(stdout).toMatch(/^ {2}apply finished in \d+ s$/m);
    expect(stdout.trim().split('\n').pop()).toBe('OK');
  });
});
