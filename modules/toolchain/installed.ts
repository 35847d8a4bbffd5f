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
