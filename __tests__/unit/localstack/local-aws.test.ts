import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseBackends, startLocalAws } from '../../../localstack/local-aws';

const noDocker = () => Promise.resolve('no Docker engine answers (connect ENOENT /var/run/docker.sock)');
const docker = () => Promise.resolve(undefined);

describe('chooseBackends', () => {
  test.each<[string, NodeJS.ProcessEnv, () => Promise<string | undefined>, unknown]>([
    [
      'LOCAL_AWS_BACKEND forces moto, even with Docker and an endpoint',
      { LOCAL_AWS_BACKEND: 'moto', AWS_ENDPOINT_URL: 'http://x' },
      docker,
      [{ kind: 'moto' }],
    ],
    ['LOCAL_AWS_BACKEND forces LocalStack', { LOCAL_AWS_BACKEND: 'localstack' }, noDocker, [{ kind: 'localstack' }]],
    ['AWS_ENDPOINT_URL is used as it is', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, docker, [{ kind: 'endpoint' }]],
    ['a Docker engine means LocalStack, then moto', {}, docker, [{ kind: 'localstack' }, { kind: 'moto' }]],
    [
      'without Docker, moto, with LocalStack listed as skipped',
      {},
      noDocker,
      [{ kind: 'localstack', skipped: 'no Docker engine answers (connect ENOENT /var/run/docker.sock)' }, { kind: 'moto' }],
    ],
  ])('%s', async (_, env, dockerProblem, expected) => {
    expect(await chooseBackends(env, dockerProblem)).toEqual(expected);
  });

  test('refuses an unknown LOCAL_AWS_BACKEND', async () => {
    await expect(chooseBackends({ LOCAL_AWS_BACKEND: 'aws' }, docker)).rejects.toThrow(
      "LOCAL_AWS_BACKEND must be one of moto, localstack, endpoint, got 'aws'",
    );
  });
});

describe('startLocalAws failures name what was tried and why', () => {
  test.each([
    ['LOCAL_AWS_PORT', { env: { LOCAL_AWS_BACKEND: 'moto', LOCAL_AWS_PORT: 'http' } }, "LOCAL_AWS_PORT must be a whole number from 1 to 65535, got 'http'"],
    ['LOCAL_AWS_PORT', { env: { LOCAL_AWS_BACKEND: 'moto', LOCAL_AWS_PORT: '70000' } }, "LOCAL_AWS_PORT must be a whole number from 1 to 65535, got '70000'"],
    ['the port option', { env: { LOCAL_AWS_BACKEND: 'moto' }, port: 0 }, "port must be a whole number from 1 to 65535, got '0'"],
  ])('refuses a bad %s before starting any backend', async (_, options, message) => {
    await expect(startLocalAws(options)).rejects.toThrow(message);
  });

  test('moto forced, but the Python given cannot run: says how to install moto', async () => {
    const env = { LOCAL_AWS_BACKEND: 'moto', LOCAL_AWS_PYTHON: '/nonexistent/python3' };
    await expect(startLocalAws({ env })).rejects.toThrow(
      "Local AWS could not start. Tried:\n  - moto's server on the host: '/nonexistent/python3' cannot be run (spawnSync /nonexistent/python3 ENOENT); " +
        "install Python 3, then moto: pip install 'moto[server]==5.2.1'",
    );
  });

  test('moto forced, with a Python that lacks moto: names the missing modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-moto-'));
    // A "python" whose module search finds neither moto nor flask.
    const python = join(dir, 'python');
    writeFileSync(python, '#!/bin/sh\necho moto flask\n', { mode: 0o755 });
    try {
      await expect(startLocalAws({ env: { LOCAL_AWS_BACKEND: 'moto', LOCAL_AWS_PYTHON: python } })).rejects.toThrow(
        `moto's server on the host: '${python}' cannot import moto, flask; install moto's server with: pip install 'moto[server]==5.2.1'`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('moto forced, with a "python" that fails', async () => {
    await expect(startLocalAws({ env: { LOCAL_AWS_BACKEND: 'moto', LOCAL_AWS_PYTHON: 'false' } })).rejects.toThrow(
      "'false' could not look for moto (exit code 1); install Python 3, then moto: pip install 'moto[server]==5.2.1'",
    );
  });

  test('an AWS_ENDPOINT_URL that does not answer', async () => {
    await expect(startLocalAws({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } })).rejects.toThrow(
      /^Local AWS could not start\. Tried:\n {2}- the endpoint AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:1: http:\/\/127\.0\.0\.1:1 does not answer: connect ECONNREFUSED/,
    );
  });
});

describe("the backend's log", () => {
  const motoEnv = { LOCAL_AWS_BACKEND: 'moto' };

  test('goes with stop() when moto ran well', async () => {
    const localAws = await startLocalAws({ env: motoEnv });
    const log = localAws.logFile!;
    expect(readFileSync(log, 'utf8')).toMatch(/Running on http:\/\/127\.0\.0\.1:\d+/);
    await localAws.stop();
    expect(existsSync(log)).toBe(false);
  });

  test('is kept when moto ended on its own, for a look', async () => {
    const localAws = await startLocalAws({ env: motoEnv });
    const log = localAws.logFile!;
    try {
      const exited = new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          try {
            process.kill(localAws.backendPid!, 0);
          } catch {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      process.kill(-localAws.backendPid!, 'SIGKILL');
      await exited;
      await localAws.stop();
      expect(existsSync(log)).toBe(true);
    } finally {
      rmSync(log, { force: true });
    }
  });
});
