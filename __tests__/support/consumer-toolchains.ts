import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './run-command';

/** One toolchain a consumer project installs, with the entry it imports. */
export interface ConsumerToolchain {
  readonly name: string;
  /** Installed from the registry beside the tarball; undefined: the checkout's own (cdktf, aws 5.100.0). */
  readonly install?: readonly string[];
  readonly entry: string;
  readonly runtime: string;
  readonly binding: string;
  /** The hashicorp/aws version the binding pins. */
  readonly awsVersion: string;
}

const DEV_DEPENDENCIES = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
/** What `cdktf init` gives a TypeScript project besides the toolchain, at the checkout's versions. */
export const TYPESCRIPT_TOOLS = ['typescript', '@types/node'];
const TYPESCRIPT = TYPESCRIPT_TOOLS.map((name) => `${name}@${DEV_DEPENDENCIES[name]}`);
export const CDKTF_AWS5: ConsumerToolchain = {
  name: 'cdktf-aws5',
  entry: 'kms-anomaly-detector',
  runtime: 'cdktf',
  binding: '@cdktf/provider-aws',
  awsVersion: '5.100.0',
};
export const CDKTF_AWS6: ConsumerToolchain = {
  name: 'cdktf-aws6',
  install: ['cdktf@0.21.0', '@cdktf/provider-aws@21.22.1', 'constructs@10.4.2', ...TYPESCRIPT],
  entry: 'kms-anomaly-detector',
  runtime: 'cdktf',
  binding: '@cdktf/provider-aws',
  awsVersion: '6.25.0',
};
export const CDKTN: ConsumerToolchain = {
  name: 'cdktn',
  install: ['cdktn@0.24.0', '@cdktn/provider-aws@25.7.0', 'constructs@10.7.2', ...TYPESCRIPT],
  entry: 'kms-anomaly-detector/cdktn',
  runtime: 'cdktn',
  binding: '@cdktn/provider-aws',
  awsVersion: '6.66.0',
};
