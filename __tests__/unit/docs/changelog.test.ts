import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../support/run-command';

/** Keep a Changelog 1.1.0: the kinds of change, in this order, and a link per version. */
const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const changelog = readFileSync(join(PROJECT_ROOT, 'CHANGELOG.md'), 'utf8');

describe('CHANGELOG.md', () => {
  const versions = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
  const sections = changelog.split(/^## /m).slice(1);

  test('opens with Unreleased, then released versions with their dates, newest first', () => {
    expect(versions[0]).toBe('Unreleased');
    expect(changelog).toMatch(/^## \[0\.1\.0\] - \d{4}-\d{2}-\d{2}$/m);
  });

  test('each version has one section per kind of change, in Keep a Changelog order', () => {
    for (const section of sections) {
      const kinds = [...section.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
      expect({ version: section.split('\n')[0], kinds }).toEqual({ version: section.split('\n')[0], kinds: KINDS.filter((k) => kinds.includes(k)) });
    }
  });

  test('every version links to its compare view (or release tag) on one repository', () => {
    const links = Object.fromEntries([...changelog.matchAll(/^\[([^\]]+)\]: (\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(links).sort()).toEqual([...versions].sort());
    expect(links.Unreleased).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/compare\/v0\.1\.0\.\.\.HEAD$/);
    const repositories = new Set(Object.values(links).map((url) => url.replace(/\/(compare|releases)\/.*$/, '')));
    expect(repositories.size).toBe(1);
  });
});
