/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type-checking happens once in `npm run lint` (tsc --noEmit); isolated
    // transpilation keeps the test run fast.
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true }],
  },
  testTimeout: 60000,
};
