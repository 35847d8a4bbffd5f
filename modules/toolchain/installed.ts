import { readFileSync } from 'node:fs';

/** One toolchain a user installs: its packages (name and the range this package supports). */
export interface Toolchain {
  readonly name: string;
  readonly packages: Readonly<Record<string, string>>;
  /** How to import this package for that toolchain. */
  readonly entry: string;
}

export const CDKTF_TOOLCHAIN: Toolchain = {
  name: 'CDKTF',
  packages: { cdktf: '~0.21.0', '@cdktf/provider-aws': '^20.1.0 || ^21.0.0', constructs: '^10.4.2' },
  entry: 'kms-anomaly-detector',
};

export const CDKTN_TOOLCHAIN: Toolchain = {
  name: 'CDK Terrain',
  packages: { cdktn: '^0.24.0', '@cdktn/provider-aws': '^25.7.0', constructs: '>=10.6.0 <10.8.0' },
  entry: 'kms-anomaly-detector/cdktn',
};

/**
 * Throws, naming what to install, when a package of `toolchain` cannot be found: the toolchain's
 * packages are optional peers, so npm installs none of them by itself.
 */
export function assertToolchainInstalled(toolchain: Toolchain, other: Toolchain, resolve: (request: string) => string = require.resolve): void {
  const missing = Object.keys(toolchain.packages).filter((name) => {
    try {
      resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const install = (t: Toolchain) =>
    Object.entries(t.packages)
      .map(([name, range]) => `'${name}@${range}'`)
      .join(' ');
  throw new Error(
    `${toolchain.entry} is for ${toolchain.name} and needs ${missing.join(', ')}: npm install ${install(toolchain)}. ` +
      `With ${other.name}, import '${other.entry}' instead, with: npm install ${install(other)}`,
  );
}

/** The hashicorp/aws version a binding pins, from its package.json (`cdktf` or `cdktn` field). */
export function boundAwsVersion(bindingPackage: string, runtime: 'cdktf' | 'cdktn'): string {
  const manifest = JSON.parse(readFileSync(require.resolve(`${bindingPackage}/package.json`), 'utf8')) as Record<string, { provider?: { version?: string } }>;
  const version = manifest[runtime]?.provider?.version;
  if (version === undefined) throw new Error(`${bindingPackage} names no hashicorp/aws version in its package.json '${runtime}' field`);
  return version;
}
