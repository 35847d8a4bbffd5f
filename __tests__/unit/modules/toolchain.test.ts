import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertToolchainInstalled, CDKTF_TOOLCHAIN, CDKTN_TOOLCHAIN } from '../../../modules/toolchain/installed';
import * as cdktf from '../../../modules/toolchain/cdktf';
import * as cdktn from '../../../modules/toolchain/cdktn';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe('toolchains', () => {
  test('both toolchain files export the same names, so one source serves both entries', () => {
    expect(Object.keys(cdktn).sort()).toEqual(Object.keys(cdktf).sort());
  });

  test('each reads the hashicorp/aws version its binding pins', () => {
    expect(cdktf.AWS_PROVIDER_BINDING_VERSION).toBe('5.100.0');
    expect(cdktn.AWS_PROVIDER_BINDING_VERSION).toBe('6.66.0');
  });

  test.each([CDKTF_TOOLCHAIN, CDKTN_TOOLCHAIN])(
    "$name's packages are the package's peers, with the same ranges; the toolchain's own are optional",
    (toolchain) => {
      // constructs is the one peer both share (required); each toolchain names the range it needs.
      for (const [name, range] of Object.entries(toolchain.packages).filter(([name]) => name !== 'constructs')) {
        expect(manifest.peerDependencies[name]).toBe(range);
        expect(manifest.peerDependenciesMeta[name]?.optional).toBe(true);
      }
    },
  );

  test('a missing toolchain fails naming the packages to install and the other entry', () => {
    const nothingInstalled = (request: string): string => {
      throw new Error(`Cannot find module '${request}'`);
    };
    expect(() => assertToolchainInstalled(CDKTN_TOOLCHAIN, CDKTF_TOOLCHAIN, nothingInstalled)).toThrow(
      "kms-anomaly-detector/cdktn is for CDK Terrain and needs cdktn, @cdktn/provider-aws, constructs: npm install 'cdktn@^0.24.0' '@cdktn/provider-aws@^25.7.0' 'constructs@>=10.6.0 <10.8.0'. " +
        "With CDKTF, import 'kms-anomaly-detector' instead, with: npm install 'cdktf@~0.21.0' '@cdktf/provider-aws@^20.1.0 || ^21.0.0' 'constructs@^10.4.2'",
    );
  });
});
