import { assertToolchainInstalled, CDKTF_TOOLCHAIN, CDKTN_TOOLCHAIN } from './installed';

assertToolchainInstalled(CDKTN_TOOLCHAIN, CDKTF_TOOLCHAIN);
