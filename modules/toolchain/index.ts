// The toolchain this tree of the package is built for. The `kms-anomaly-detector/cdktn` entry
// is the same sources compiled with this file reading `export * from './cdktn'`
// (bin/build-package.ts); nothing else differs between the two entries.
export * from './cdktf';
