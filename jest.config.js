// One jest run covers every package and app. Unit tests (`*.test.ts`) sit beside the code;
// tests that need Postgres or Redis are `*.int.test.ts`; browser tests are `*.e2e.test.ts`.
// Each test file provisions its own database / Redis key prefix through @bos/testing, so files run in
// any order and in parallel.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/apps", "<rootDir>/packages", "<rootDir>/bench", "<rootDir>/scripts"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // ESM-only dependencies (cookie, used by fastify's inject) are compiled to CommonJS like our own code.
  transformIgnorePatterns: ["/node_modules/(?!(\\.pnpm/)?cookie(@|/))"],
  moduleFileExtensions: ["ts", "tsx", "js", "mjs", "cjs", "json", "isojs", "node"],
  transform: {
    "^.+\\.isojs$": "<rootDir>/scripts/jest-text-transform.js",
    "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } } }, module: { type: "commonjs" } }],
  },
  // @bos/testing depends on @bos/db, so db's own integration tests reach it by this mapping (and a tsconfig
  // path), not by a dependency cycle.
  moduleNameMapper: { "^@bos/testing$": "<rootDir>/packages/testing/src/index.ts" },
  globalSetup: "<rootDir>/packages/testing/src/jest-global-setup.ts",
  globalTeardown: "<rootDir>/packages/testing/src/jest-global-teardown.ts",
  testTimeout: 30000,
};
