/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  transform: {
    // tsconfig.json sets isolatedModules: ts-jest transpiles each file alone
    // (fast); the type-check runs once in `npm run lint` (tsc --noEmit).
    "^.+\\.ts$": "ts-jest",
  },
  testTimeout: 60000,
};
