import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jestModuleNameMapper, libNames, syncedConfigs } from '../../tooling/libs';

const jestConfig = require('../../jest.config.js') as { moduleNameMapper: Record<string, string> };

const ROOT = join(__dirname, '..', '..');

/** The list of libs is the folders of libs/; every config that names them must say the same. */
describe('the lib list (libs/*/src/index.ts)', () => {
  it('holds the libs the architecture plans', () => {
    expect(libNames()).toEqual(expect.arrayContaining(['core', 'identity', 'matching', 'evaluation', 'cockpit']));
  });

  it.each(['tsconfig.json', '.swcrc', 'nest-cli.json'] as const)(
    '%s names exactly those libs, index only (when not: `npm run libs:sync`)',
    (file) => {
      expect(JSON.parse(readFileSync(join(ROOT, file), 'utf8'))).toEqual(syncedConfigs()[file]);
    },
  );

  it('jest maps exactly those libs, index only', () => {
    expect(jestConfig.moduleNameMapper).toEqual(jestModuleNameMapper());
    expect(Object.keys(jestModuleNameMapper())).toEqual([`^@vg/(${libNames().join('|')})$`]);
  });
});
