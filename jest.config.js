// Tiers are Jest projects so `npm test` runs all of them and each can be run alone
// (`npx jest --selectProjects unit`). SWC strips types fast; `tsc --noEmit` type-checks.
const transform = { '^.+\\.ts$': ['@swc/jest'] };
// Jest's transform cache lives with the project (a project option), not in the temporary folder, which a run leaves as it found it.
const cacheDirectory = '<rootDir>/node_modules/.cache/jest';
// Each test file gets a temporary folder of its own and fails when it leaves anything there.
const testEnvironment = '<rootDir>/__tests__/support/own-temporary-folder-environment.ts';

// The pinned AWS SDK v3 runs on Node 20; its notice that later releases need Node 22 is noise
// in every tier and in the global setup. Set here, it reaches the workers too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default on a 2-core machine is one worker; integration tests spend part of their time
  // waiting (the provider's KMS waiters sleep), so three run side by side. Measured on 2 cores,
  // the whole suite: 14 min 20 s with two workers, 11 min 3 s with three.
  maxWorkers: 3,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      testEnvironment,
      transform,
      cacheDirectory,
      setupFilesAfterEnv: ['<rootDir>/__tests__/unit/support/setup-cdktf-matchers.ts'],
    },
    {
      displayName: 'plan',
      testMatch: ['<rootDir>/__tests__/plan/**/*.test.ts'],
      testEnvironment,
      transform,
      cacheDirectory,
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-slow-tests.ts'],
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      testEnvironment,
      transform,
      cacheDirectory,
      // One local AWS for the whole run: started before any worker, stopped after all.
      globalSetup: '<rootDir>/testing/jest-global-setup.ts',
      globalTeardown: '<rootDir>/testing/jest-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-slow-tests.ts'],
    },
  ],
};
