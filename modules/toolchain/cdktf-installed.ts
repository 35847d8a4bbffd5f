import { assertToolchainInstalled, CDKTF_TOOLCHAIN, CDKTN_TOOLCHAIN } from './installed';

assertToolchainInstalled(CDKTF_TOOLCHAIN, CDKTN_TOOLCHAIN);
