/**
 * Unpacks the headless Chromium that @sparticuz/chromium ships inside its npm package (the browser, SwiftShader, a
 * Latin font and the NSS libraries it links against) into $TMPDIR, and prints the browser's path. Run by
 * chromium.ts with TMPDIR set to a cache folder of its own; an ES module because the package is one.
 */
import chromium, { inflate } from '@sparticuz/chromium';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))), '..', 'bin');
const executable = await chromium.executablePath(bin);
// The package unpacks these libraries itself only on Amazon Linux; elsewhere they spare the machine its own libnss3.
await inflate(join(bin, 'al2023.tar.br'));
process.stdout.write(executable);
