import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmInstall } from '../support/npm-install';
import { linkedDependencies } from '../support/packed-project';
import { PROJECT_ROOT } from '../support/run-command';

/** A loopback port nothing listens on: taken from the kernel, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

// The consumer tests install from the registry what the checkout cannot lend; on a machine that
// cannot reach it they must say so, not print npm's log.
describe('npm installs of the consumer tests', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'kms-anomaly-npm-install-'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  const emptyProject = (name: string) => {
    const project = mkdtempSync(join(workspace, `${name}-`));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
    return project;
  };

  test('an unreachable registry and an empty cache fail naming what was to be installed and npm’s error', async () => {
    const project = emptyProject('unreachable');
    const registry = `http://127.0.0.1:${await closedPort()}/`;
    expect(() =>
      npmInstall(project, ['left-pad@1.3.0'], {
        what: 'left-pad for this test',
        flags: ['--registry', registry, '--fetch-retries', '0', '--cache', join(project, 'empty-cache')],
      }),
    ).toThrow(new RegExp(`^needs the npm registry to install left-pad for this test: ECONNREFUSED: FetchError: request to ${registry}left-pad failed`));
  });

  test('an --offline install on an empty cache, the failure a warm CI machine once hid, is named ENOTCACHED', () => {
    const project = emptyProject('offline');
    expect(() => npmInstall(project, ['left-pad@1.3.0'], { what: 'left-pad', flags: ['--offline', '--cache', join(project, 'empty-cache')] })).toThrow(
      /^needs the npm registry to install left-pad: ENOTCACHED: request to \S+left-pad failed: cache mode is 'only-if-cached'/,
    );
  });

  test('the packed project links every dependency and required peer the package declares, and the cdktf toolchain', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const linked = linkedDependencies();
    for (const name of Object.keys(manifest.dependencies)) expect(linked).toContain(name);
    for (const name of Object.keys(manifest.peerDependencies)) {
      if (!manifest.peerDependenciesMeta[name]?.optional) expect(linked).toContain(name);
    }
    // Of the optional peers, the checkout's own toolchain only: never cdktn, never testcontainers.
    expect(linked.filter((name) => manifest.peerDependenciesMeta[name]?.optional).sort()).toEqual(['@cdktf/provider-aws', 'cdktf']);
  });
});
