import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cockpitWebRoot } from './cockpit-static';

describe('where the cockpit page is served from', () => {
  it('is the source tree, also when running from dist (whose copy is compiled to CommonJS)', () => {
    const root = mkdtempSync(join(tmpdir(), 'cockpit-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    for (const base of [root, join(root, 'dist')]) {
      mkdirSync(join(base, 'apps', 'cockpit', 'web'), { recursive: true });
      writeFileSync(join(base, 'apps', 'cockpit', 'web', 'index.html'), '<!doctype html>');
    }
    const fromDist = join(root, 'dist', 'apps', 'api', 'src', 'cockpit');
    mkdirSync(fromDist, { recursive: true });
    expect(cockpitWebRoot(fromDist)).toBe(join(root, 'apps', 'cockpit', 'web'));
  });

  it('is found from this repository’s own source', () => {
    expect(cockpitWebRoot()).toMatch(/apps\/cockpit\/web$/);
  });

  it('fails clearly when the page is missing', () => {
    expect(() => cockpitWebRoot(mkdtempSync(join(tmpdir(), 'no-cockpit-')))).toThrow(/cockpit page/);
  });
});
