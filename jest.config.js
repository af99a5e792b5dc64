// NestJS 12 packages are ESM-only and Jest on Node 20 cannot require() ESM, so SWC transpiles them too.
const ESM_ONLY = ['@nestjs', '@as-integrations'];
const fs = require('node:fs');

// The same SWC options as the build (decorator metadata matters: GraphQL and TypeORM read it).
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const swcOptions = { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } };
const LIBS = [
  'core',
  'audit',
  'identity',
  'parks',
  'firms',
  'groups',
  'capacity',
  'orders',
  'matching',
  'output',
  'evaluation',
  'cockpit',
];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: Object.fromEntries(LIBS.map((lib) => [`^@vg/${lib}(|/.*)$`, `<rootDir>/libs/${lib}/src$1`])),
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  testTimeout: 60000,
};
