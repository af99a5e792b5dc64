// NestJS 12 packages are ESM-only and Jest's module runtime cannot require() ESM without --experimental-vm-modules
// (even on Node 24), so SWC transpiles them too: Nest's packages, and pg-boss with its ESM-only dependencies.
const ESM_ONLY = [
  '@nestjs',
  '@as-integrations',
  'pg-boss',
  'serialize-error',
  'non-error',
  'rrule-temporal',
  'temporal-spec',
];
const fs = require('node:fs');
const { jestModuleNameMapper } = require('./tooling/libs');

// The same SWC options as the build (decorator metadata matters: GraphQL and TypeORM read it).
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const swcOptions = { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } };

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: jestModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  testTimeout: 60000,
  // Both cores: each file runs on a database of its own (cloned from the migrated template), so files run in parallel.
  // Measured on this 2-core machine, 3 or 4 workers were no faster than 2 and spent more CPU (README, Tests).
  maxWorkers: 2,
};
