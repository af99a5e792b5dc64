import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Browser, chromium } from 'playwright-core';

/** As root, headless, on a machine whose network is loopback only: no sandbox, no calls home. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'vg-chromium');

/**
 * Headless Chromium with nothing installed by hand: the browser from the `@sparticuz/chromium` npm package (unpacked
 * once per version into node_modules/.cache/vg-chromium), its own NSS libraries, and Noto Sans SC from
 * `@embedpdf/fonts-sc` through a fontconfig file of its own, so Chinese labels are drawn on any machine.
 * CHROMIUM_PATH runs another Chromium instead (e.g. Debian's /usr/bin/chromium) with the machine's fonts.
 */
export async function launchChromium(): Promise<Browser> {
  const override = process.env.CHROMIUM_PATH;
  if (override) return chromium.launch({ executablePath: override, args: ARGS });
  const browser = unpackedChromium();
  return chromium.launch({
    executablePath: browser.executable,
    args: ARGS,
    env: { ...process.env, LD_LIBRARY_PATH: browser.libraries, FONTCONFIG_FILE: browser.fontconfig },
  });
}

interface UnpackedChromium {
  executable: string;
  libraries: string;
  fontconfig: string;
}

function unpackedChromium(): UnpackedChromium {
  const packageDir = join(dirname(packagePath('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = join(CACHE, version);
  if (!existsSync(join(target, 'chromium'))) unpackInto(target);
  const fontconfig = join(target, 'fonts-vg.conf');
  const cjkFonts = join(dirname(packagePath('@embedpdf/fonts-sc')), '..', 'fonts');
  writeFileSync(
    fontconfig,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <dir>${join(target, 'fonts', 'fonts')}</dir>\n  <dir>${cjkFonts}</dir>\n` +
      `  <cachedir>${join(target, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
  );
  return { executable: join(target, 'chromium'), libraries: join(target, 'al2023', 'lib'), fontconfig };
}

/** Into a folder of this process first, then renamed: an interrupted unpack never leaves a half browser behind. */
function unpackInto(target: string): void {
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    execFileSync(process.execPath, [join(__dirname, 'unpack-chromium.mjs')], {
      env: { ...process.env, TMPDIR: partial },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(
      `Chromium could not be unpacked from the @sparticuz/chromium npm package (${String(error)}). ` +
        'Run `npm install`; or set CHROMIUM_PATH to a Chromium binary (Debian: `apt-get install chromium`).',
      { cause: error },
    );
  }
  if (existsSync(target)) rmSync(partial, { recursive: true, force: true });
  else renameSync(partial, target);
}

function packagePath(name: string): string {
  try {
    return require.resolve(name);
  } catch {
    throw new Error(`The npm package ${name} is missing: run \`npm install\` (it is a devDependency).`);
  }
}
