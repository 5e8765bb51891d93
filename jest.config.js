/** One Jest config for unit specs (beside the code) and end-to-end specs (test/). */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  // Three Pulse processes cannot share the embedded PostgreSQL (PGlite serves one session): the
  // multi-replica suite runs against real services only (CI sets TEST_DATABASE_URL).
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.TEST_DATABASE_URL ? [] : ['/test/replicas\\.e2e-spec\\.ts$']),
  ],
  // tsconfig has isolatedModules: ts-jest then transpiles file by file (fast); tsc type-checks in CI.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFilesAfterEnv: [
    '<rootDir>/test/setup/embedded-reset.ts',
    '<rootDir>/test/setup/openapi-contract-check.ts',
  ],
  testTimeout: 30000,
  // The embedded engines (no TEST_DATABASE_URL) serve one query at a time: run files one by one there.
  maxWorkers: process.env.TEST_DATABASE_URL ? 2 : 1,
};
