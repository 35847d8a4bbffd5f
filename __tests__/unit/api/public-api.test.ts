import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENTRIES, API_REPORT_FOLDER, buildApiDocs } from '../../../bin/build-api-docs';

/**
 * The public surface is deliberate: API Extractor's report of each entry and the typedoc
 * reference under docs/api/ are committed, and this test regenerates both from the sources
 * (declarations only, in a temporary folder) and fails on any difference, naming the file.
 */
describe('the public API', () => {
  test(
    'matches the committed api/*.api.md reports and docs/api/ reference',
    () => {
      const before = readdirSync(tmpdir()).filter((name) => name.startsWith('kms-anomaly-detector-api-'));
      expect(buildApiDocs({ update: false })).toEqual([]);
      expect(readdirSync(tmpdir()).filter((name) => name.startsWith('kms-anomaly-detector-api-'))).toEqual(before);
    },
    // Declarations, three API Extractor runs and typedoc: about 20 s of CPU.
    180_000,
  );

  test('has a committed report for every entry', () => {
    expect(API_ENTRIES.map((e) => existsSync(join(API_REPORT_FOLDER, `${e.report}.api.md`)))).toEqual([true, true, true]);
  });
});
