// Browser end-to-end tests (npm run test:e2e): headless Chromium against a
// local environment per mode. Their own roots, so `npm test` never runs them
// and this never runs the unit suites.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/e2e/support/failure-environment.ts",
  roots: ["<rootDir>/e2e"],
  testMatch: ["**/*.e2e.ts"],
  globalSetup: "<rootDir>/e2e/support/global-setup.ts",
  // One suite at a time: each starts a browser and a whole environment.
  maxWorkers: 1,
  transform: {
    "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js",
  },
  // A safety net against a hang, not a speed check: every wait is for a condition.
  testTimeout: 180000,
};
