import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import tsconfig from './tsconfig.json';

const moduleNameMapper = pathsToModuleNameMapper(tsconfig.compilerOptions.paths, {
  prefix: '<rootDir>/',
});
// Type checking is `npm run typecheck`'s job; transpiling file by file keeps the suites fast on 2 cores.
const transform: Config['transform'] = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

const config: Config = {
  maxWorkers: 2,
  // Integration tests wait for real Kafka consumer groups to settle.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs,deploy,test}/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      // The console's tests start the whole platform with its gateway: the browser project runs
      // them one at a time, so they do not crowd the consumer-group tests on two cores.
      testPathIgnorePatterns: ['<rootDir>/test/console/'],
      moduleNameMapper,
      transform,
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      // Kill -9, broker and database restarts: `npm run test:faults`, one file at a time.
      displayName: 'faults',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      moduleNameMapper,
      transform,
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      // The console: its gateway over HTTP, then in a real Chromium (Debian's, see
      // libs/testing/src/browser.ts), against the four services, the OIDC provider and the
      // gateway: `npm run test:browser`, one file at a time.
      displayName: 'browser',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/console/**/*.{int-spec,browser-spec}.ts'],
      moduleNameMapper,
      transform,
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};

export default config;
