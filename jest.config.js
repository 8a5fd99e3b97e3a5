/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/__tests__/support/quiet-environment.ts",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  testSequencer: "<rootDir>/__tests__/support/plans-first-sequencer.js",
  // Two workers on a 2-core machine: the plan suites mostly wait on Terraform
  // (itself limited to one plan per core for the whole run, run-once.ts).
  maxWorkers: 2,
  transform: {
    // esbuild, each file alone (tsconfig.json sets isolatedModules); the
    // type-check runs once in `npm run lint` (tsc --noEmit).
    "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js",
  },
  // A safety net against a hang, not a speed check: a loaded machine is slow,
  // never wrong. Time-outs under test are injected (never-answering servers).
  testTimeout: 120000,
};
