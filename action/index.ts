import * as core from '@actions/core';
import { runAction } from './main';

// The runner runs `node action/dist/index.js` (action.yml), the bundle of this file.
runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    core.error(`kms-anomaly-detector plan review: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
