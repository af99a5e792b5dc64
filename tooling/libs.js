// The one list of libs: every folder under libs/ with a src/index.ts. Jest and ESLint read it here; tsconfig.json,
// .swcrc and nest-cli.json are written from it by `npm run libs:sync`, and a spec fails when they disagree.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Lib names, sorted, e.g. `['capacity', 'cockpit', 'core', …]`. */
function libNames(root = ROOT) {
  return fs
    .readdirSync(path.join(root, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, 'libs', entry.name, 'src', 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** tsconfig.json `compilerOptions.paths`: `@vg/<lib>` and nothing deeper, so only the index resolves. */
function tsconfigPaths(libs = libNames()) {
  return Object.fromEntries(libs.map((lib) => [`@vg/${lib}`, [`./libs/${lib}/src`]]));
}

/** .swcrc `jsc.paths` (relative to its baseUrl `./`). */
function swcPaths(libs = libNames()) {
  return Object.fromEntries(libs.map((lib) => [`@vg/${lib}`, [`libs/${lib}/src`]]));
}

/** Jest `moduleNameMapper`. */
function jestModuleNameMapper(libs = libNames()) {
  return { [`^@vg/(${libs.join('|')})$`]: '<rootDir>/libs/$1/src' };
}

/** nest-cli.json `projects`: the api, then one library project per lib. */
function nestProjects(libs = libNames()) {
  return {
    api: { type: 'application', root: 'apps/api', entryFile: 'main', sourceRoot: 'apps/api/src' },
    ...Object.fromEntries(
      libs.map((lib) => [
        lib,
        { type: 'library', root: `libs/${lib}`, entryFile: 'index', sourceRoot: `libs/${lib}/src` },
      ]),
    ),
  };
}

/** The three JSON files with their lib lists put right, as `{ file: content }`. */
function syncedConfigs(root = ROOT) {
  const libs = libNames(root);
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  const tsconfig = read('tsconfig.json');
  tsconfig.compilerOptions.paths = tsconfigPaths(libs);
  const swcrc = read('.swcrc');
  swcrc.jsc.paths = swcPaths(libs);
  const nestCli = read('nest-cli.json');
  nestCli.projects = nestProjects(libs);
  return { 'tsconfig.json': tsconfig, '.swcrc': swcrc, 'nest-cli.json': nestCli };
}

module.exports = { libNames, tsconfigPaths, swcPaths, jestModuleNameMapper, nestProjects, syncedConfigs };

if (require.main === module) {
  for (const [file, content] of Object.entries(syncedConfigs())) {
    fs.writeFileSync(path.join(ROOT, file), `${JSON.stringify(content, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
