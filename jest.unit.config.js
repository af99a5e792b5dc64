// Pure specs (engines, generators, helpers) without the database set-up: `npm run test:unit`.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testRegex: '(libs|tests/fixtures|apps|bench)/.*\\.spec\\.ts$',
};
