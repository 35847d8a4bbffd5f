import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { httpStatus } from '../../localstack/backends/wait-for-http';
import { REQUEST_SHAPES } from '../../localstack/anomaly-detector/model';
import { startLocalAws } from '../../localstack/local-aws';

const FIXTURE = join(__dirname, '..', 'fixtures', 'local-aws', 'start-and-hold.ts');
// These tests start moto of their own, beside the run's shared local AWS.
const MOTO_ENV = { ...process.env, LOCAL_AWS_BACKEND: 'moto', AWS_ENDPOINT_URL: '' };

async function answers(url: string): Promise<boolean> {
  return httpStatus(url, 2_000).then(
    () => true,
    () => false,
  );
}

/** Whether `url` stops answering within a few seconds: a killed process closes its socket soon, not at once. */
async function stopsAnswering(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 30; attempt++) {
    if (!(await answers(url))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Runs the fixture in its own node process and waits for the local AWS it started. */
async function startInChild(mode: 'hold' | 'exit'): Promise<{ child: ChildProcess; endpoint: string; backendEndpoint: string }> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), FIXTURE, mode], { env: MOTO_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { child, ...(JSON.parse(line.toString()) as { endpoint: string; backendEndpoint: string }) };
}

describe('startLocalAws with moto', () => {
  test('starts moto and the gateway on free loopback ports; stop() ends both, and may be called twice', async () => {
    const started = Date.now();
    const localAws = await startLocalAws({ env: MOTO_ENV });
    const startMs = Date.now() - started;
    expect(localAws).toMatchObject({
      backend: 'moto',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string,
      backendEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string,
      logFile: expect.stringMatching(/local-aws-moto-.*\.log$/) as string,
      region: process.env.AWS_REGION || 'us-east-1',
      accessKeyId: 'test',
      secretAccessKey: 'test',
    });
    expect(startMs).toBeLessThan(30_000);
    expect(await answers(`${localAws.backendEndpoint}/moto-api/`)).toBe(true);

    await localAws.stop();
    await localAws.stop();
    expect(await answers(localAws.backendEndpoint)).toBe(false);
    expect(await answers(localAws.endpoint)).toBe(false);
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('a process ended by %s leaves no backend behind, and dies of the signal', async (signal) => {
    const { child, backendEndpoint } = await startInChild('hold');
    expect(await answers(backendEndpoint)).toBe(true);
    const exited = once(child, 'exit');
    child.kill(signal);
    expect(await exited).toEqual([null, signal]);
    expect(await stopsAnswering(backendEndpoint)).toBe(true);
  });

  test('LOCAL_AWS_PORT already taken: the gateway takes another port, says so, and answers there', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const taken = (holder.address() as AddressInfo).port;
    const localAws = await startLocalAws({ env: { ...MOTO_ENV, LOCAL_AWS_PORT: String(taken) } });
    try {
      const chosen = Number(new URL(localAws.endpoint).port);
      expect(chosen).not.toBe(taken);
      expect(localAws.notices).toEqual([`port ${taken} was taken; the gateway listens on ${chosen} instead`]);
      expect(await answers(`${localAws.endpoint}/moto-api/`)).toBe(true);
    } finally {
      await localAws.stop();
      holder.close();
    }
  });

  test('a process that exits without stop() leaves no backend behind', async () => {
    const { child, backendEndpoint } = await startInChild('exit');
    if (child.exitCode === null) await once(child, 'exit');
    expect(await stopsAnswering(backendEndpoint)).toBe(true);
  });
});

describe('the model slice in localstack/anomaly-detector/model.ts', () => {
  // Resolves botocore's request shapes into the slice's form, so the two compare as data.
  const DUMP = `
import json, sys
from botocore.loaders import Loader
model = Loader().load_service_model('logs', 'service-2')
shapes = model['shapes']
def resolve(name):
    s = shapes[name]
    out = {'type': s['type']}
    for k in ('min', 'max', 'pattern', 'enum', 'required'):
        if k in s: out[k] = s[k]
    if s['type'] == 'structure': out['members'] = {m: resolve(v['shape']) for m, v in s['members'].items()}
    if s['type'] == 'list': out['member'] = resolve(s['member']['shape'])
    if s['type'] == 'map': out['key'] = resolve(s['key']['shape']); out['value'] = resolve(s['value']['shape'])
    return out
print(json.dumps({op: resolve(model['operations'][op]['input']['shape']) for op in sys.argv[1:]}))
`;

  test("matches botocore's CloudWatch Logs model for every answered operation", () => {
    const python = spawnSync(process.env.LOCAL_AWS_PYTHON || 'python3', ['-c', DUMP, ...Object.keys(REQUEST_SHAPES)], { encoding: 'utf8' });
    if (python.status !== 0) throw new Error(`botocore (installed with moto) is needed to compare the model: ${python.error?.message ?? python.stderr}`);
    expect(JSON.parse(JSON.stringify(REQUEST_SHAPES))).toEqual(JSON.parse(python.stdout));
  });
});
