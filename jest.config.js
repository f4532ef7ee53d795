/**
 * Three projects, by layer (design.md §3):
 *   unit         pure domain, config, CLI and HTTP — no Temporal server;
 *   workflows    workflow logic on the Java time-skipping test server;
 *   integration  the real dev server (durable SQLite) started once for the run.
 * `maxWorkers: 1` for the server projects: they share one server per run.
 */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], testTimeout: 30_000 },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/globalSetup.workflows.ts',
      setupFiles: ['<rootDir>/test/helpers/quietRuntime.ts'],
      testTimeout: 60_000,
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/globalSetup.integration.ts',
      globalTeardown: '<rootDir>/test/helpers/globalTeardown.integration.ts',
      setupFiles: ['<rootDir>/test/helpers/quietRuntime.ts'],
      testTimeout: 120_000,
    },
  ],
};
