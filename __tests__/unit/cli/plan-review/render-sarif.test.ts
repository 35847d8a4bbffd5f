import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declarationLine } from '../../../../cli/plan-review/finding-locations';
import { main } from '../../../../cli/main';
import { accountRootStatement, anomalyDetectorKeyPolicy } from '../../../../modules/key-policy';
import { sarifSchemaErrors } from '../../../support/sarif-schema';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SCOPE = { region: 'us-east-1', account: '111122223333' };
const dir = mkdtempSync(join(tmpdir(), 'plan-review-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = { arn: KEY, is_enabled: true, policy: JSON.stringify(anomalyDetectorKeyPolicy(SCOPE)) };
const detector = { arn: 'arn:aws:logs:us-east-1:111122223333:anomaly-detector:old', kms_key_id: KEY, detector_name: 'd' };
/** A plan that disables and narrows one key (two blocking findings) and destroys a detector (a warning). */
const plan = {
  format_version: '1.2',
  resource_changes: [
    {
      address: 'aws_kms_key.main',
      type: 'aws_kms_key',
      name: 'main',
      change: {
        actions: ['update'],
        before: key,
        after: { ...key, is_enabled: false, policy: JSON.stringify({ Version: '2012-10-17', Statement: [accountRootStatement(SCOPE)] }) },
      },
    },
    {
      address: 'aws_cloudwatch_log_anomaly_detector.gone',
      type: 'aws_cloudwatch_log_anomaly_detector',
      name: 'gone',
      change: { actions: ['delete'], before: detector, after: null },
    },
  ],
};
const HCL = `# keys\n\nresource "aws_kms_key" "main" {\n  enable_key_rotation = true\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`;

async function sarif(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan-review', ...argv, '--format', 'sarif'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => '',
    env: {},
    cwd: dir,
  });
  return { code, stderr, log: JSON.parse(stdout || 'null') as SarifLog };
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        logicalLocations: Array<{ fullyQualifiedName: string }>;
      }>;
    }>;
  }>;
}

describe('plan-review --format sarif', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'keys.tf'), HCL);
  });

  test('one result per finding, with the rule ids of markdown, anchored at the declaring .tf line; valid against the SARIF 2.1.0 schema', async () => {
    const { code, stderr, log } = await sarif(['plan.json', '--config', 'infra']);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(
      results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    ).toEqual([
      ['key-disabled', 'error', 'infra/keys.tf', 3],
      ['key-policy-narrowed', 'error', 'infra/keys.tf', 3],
      // Destroyed: the configuration no longer declares it.
      ['detector-destroyed', 'warning', 'infra/keys.tf', 1],
    ]);
    for (const r of results) expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('aws_kms_key.main');
  });

  test('without --config, every result is anchored at the plan file', async () => {
    const { log } = await sarif(['plan.json']);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(
      new Set(log.runs[0].results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`)),
    ).toEqual(new Set(['plan.json:1']));
  });

  test('a plan without findings is a valid log with no results', async () => {
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ format_version: '1.2', planned_values: {} }));
    const { code, log } = await sarif(['empty.json']);
    expect(code).toBe(0);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });

  test('the schema check fails what SARIF forbids (a result without a message, a level it does not know)', async () => {
    const { log } = await sarif(['plan.json']);
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete broken.runs[0].results[0].message;
    broken.runs[0].results[1].level = 'blocking';
    expect(sarifSchemaErrors(broken).length).toBeGreaterThanOrEqual(2);
  });
});

describe('declarationLine', () => {
  const JSON_CONFIG = JSON.stringify({ resource: { aws_kms_key: { other: {}, main: { lifecycle: { prevent_destroy: true } } } } }, null, 2);
  test.each<[string, string, string, number | undefined]>([
    ['HCL', HCL, 'aws_kms_key.main', 3],
    ['HCL, in a module, indexed', HCL, 'module.m.aws_kms_key.main[0]', 3],
    ['cdk.tf.json', JSON_CONFIG, 'aws_kms_key.main', 5],
    ['not declared', JSON_CONFIG, 'aws_kms_key.gone', undefined],
    ['another type', HCL, 'aws_kms_alias.main', undefined],
  ])('%s', (_, text, address, line) => {
    expect(declarationLine(text, address)).toBe(line);
  });
});
