/**
 * Three projects, by layer (design.md §3):
 *   unit         pure domain, config, CLI and HTTP — no Temporal server;
 *   workflows    workflow logic on the Java time-skipping test server;
 *   integration  the real dev server (durable SQLite) started once for the run.
 * Each project's tests get the project's timeout (test/helpers/timeouts.ts).
 */
// The pages are TSX rendered by Preact on the server (src/web/): JSX compiles to Preact's automatic runtime.
const transform = {
  '^.+\\.(tsx?|m?js)$': [
    '@swc/jest',
    { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic', importSource: 'preact' } } } },
  ],
};
const common = {
  testEnvironment: 'node',
  transform,
  // openid-client and its two dependencies ship only ES modules: compiled to CommonJS for Jest like our code.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.ts', '<rootDir>/test/helpers/workerGuard.ts'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/globalSetup.workflows.ts',
      setupFiles: ['<rootDir>/test/helpers/quietRuntime.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/globalSetup.integration.ts',
      globalTeardown: '<rootDir>/test/helpers/globalTeardown.integration.ts',
      setupFiles: ['<rootDir>/test/helpers/quietRuntime.ts'],
    },
  ],
};
