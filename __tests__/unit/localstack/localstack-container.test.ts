import { existsSync } from 'node:fs';
import { startLocalAws } from '../../../localstack/local-aws';
import { localStackTokenRequirement, startLocalStackContainer } from '../../../localstack/backends/localstack-container';

/** What the (mocked) container was given; no Docker engine runs here. */
const created: Array<{ image: string; environment: Record<string, string> }> = [];

jest.mock('@testcontainers/localstack', () => ({
  LocalstackContainer: class {
    private readonly record: { image: string; environment: Record<string, string> };
    constructor(image: string) {
      this.record = { image, environment: {} };
      created.push(this.record);
    }
    withStartupTimeout() {
      return this;
    }
    withLogConsumer() {
      return this;
    }
    withEnvironment(environment: Record<string, string>) {
      Object.assign(this.record.environment, environment);
      return this;
    }
    start() {
      return Promise.resolve({ getConnectionUri: () => 'http://127.0.0.1:4566', stop: () => Promise.resolve() });
    }
  },
}));

beforeEach(() => (created.length = 0));

describe('localStackTokenRequirement', () => {
  test.each([
    ['localstack/localstack:4.14.0', false],
    ['localstack/localstack:3.8.1', false],
    ['docker.io/localstack/localstack:4.14.0', false],
    ['localstack/localstack:2026.03.0', true],
    ['localstack/localstack:2026.04', true],
    ['docker.io/localstack/localstack:2026.03.0', true],
    ['localstack/localstack:latest', true],
    ['localstack/localstack', true],
    ['localstack/localstack:stable', true],
    ['localstack/localstack-pro:4.14.0', true],
    ['registry.example.com:5000/mirror/localstack:2026.03.0', false],
  ])('%s needs a token: %s', (image, needs) => {
    expect(localStackTokenRequirement(image) !== undefined).toBe(needs);
  });

  test('names the image and the variable', () => {
    expect(localStackTokenRequirement('localstack/localstack:2026.03.0')).toBe(
      "localstack/localstack:2026.03.0 is LocalStack's unified image (calendar versions such as 2026.03.0, and 'latest', since March 23, 2026), which needs LOCALSTACK_AUTH_TOKEN",
    );
  });
});

describe('startLocalStackContainer', () => {
  test('a calendar-versioned image without a token is refused before any container is made, naming the image and the ways out', async () => {
    await expect(startLocalStackContainer({ image: 'localstack/localstack:2026.03.0' })).rejects.toThrow(
      "localstack/localstack:2026.03.0 is LocalStack's unified image (calendar versions such as 2026.03.0, and 'latest', since March 23, 2026), " +
        'which needs LOCALSTACK_AUTH_TOKEN: set LOCALSTACK_AUTH_TOKEN (a CI auth token in CI), or use LOCALSTACK_IMAGE=localstack/localstack:4.14.0, ' +
        'which needs none, or moto (LOCAL_AWS_BACKEND=moto), which needs nothing',
    );
    expect(created).toEqual([]);
  });

  test('the token, when given, reaches the container as LOCALSTACK_AUTH_TOKEN', async () => {
    const backend = await startLocalStackContainer({ image: 'localstack/localstack:2026.03.0', authToken: 'ls-example-token' });
    expect(created).toEqual([{ image: 'localstack/localstack:2026.03.0', environment: { LOCALSTACK_AUTH_TOKEN: 'ls-example-token' } }]);
    await backend.stop();
  });

  test('the default image (4.14.0) starts with no token and gets none; stop() removes its log', async () => {
    const backend = await startLocalStackContainer();
    expect(created).toEqual([{ image: 'localstack/localstack:4.14.0', environment: {} }]);
    expect(existsSync(backend.logFile!)).toBe(true);
    await backend.stop();
    expect(existsSync(backend.logFile!)).toBe(false);
  });
});

describe('startLocalAws with the LocalStack backend', () => {
  test('forwards LOCALSTACK_AUTH_TOKEN from its environment with LOCALSTACK_IMAGE', async () => {
    const env = { LOCAL_AWS_BACKEND: 'localstack', LOCALSTACK_IMAGE: 'localstack/localstack:2026.03.0', LOCALSTACK_AUTH_TOKEN: 'ls-from-env' };
    // The mocked container's endpoint answers nothing; the gateway starts in front of it all the same.
    const localAws = await startLocalAws({ env });
    try {
      expect(created).toEqual([{ image: 'localstack/localstack:2026.03.0', environment: { LOCALSTACK_AUTH_TOKEN: 'ls-from-env' } }]);
    } finally {
      await localAws.stop();
    }
  });

  test('without the token, the failure lists the LocalStack backend and which image needs it', async () => {
    const env = { LOCAL_AWS_BACKEND: 'localstack', LOCALSTACK_IMAGE: 'localstack/localstack:latest' };
    await expect(startLocalAws({ env })).rejects.toThrow(
      "Local AWS could not start. Tried:\n  - LocalStack in Docker (testcontainers): localstack/localstack:latest is LocalStack's unified image",
    );
    expect(created).toEqual([]);
  });
});
