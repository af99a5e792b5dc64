import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, JWT_SECRET_FILE, loadConfig, passwordHashProfileOf } from './app-config';

describe('the JWT secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-config-')), '.data');
  });
  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('is generated in development on first start, readable by this user only, and kept for the next start', () => {
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const file = path.join(dataDir, JWT_SECRET_FILE);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
  });

  it('differs from one checkout (data directory) to another', () => {
    const other = path.join(path.dirname(dataDir), 'other');
    const mine = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).jwtSecret;
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: other }).jwtSecret).not.toBe(mine);
  });

  it('tightens a secret file others could read', () => {
    loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const file = path.join(dataDir, JWT_SECRET_FILE);
    fs.chmodSync(file, 0o644);
    loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is never a value written in the source', () => {
    const source = fs.readFileSync(path.join(__dirname, 'app-config.ts'), 'utf8');
    const secret = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).jwtSecret;
    expect(source).not.toContain(secret);
    expect(source).not.toMatch(/development-only-secret/);
  });

  it('is required in production, and NODE_ENV unset counts as production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/JWT_SECRET is required in production/);
    expect(fs.existsSync(path.join(dataDir, JWT_SECRET_FILE))).toBe(false);
  });

  it('is a throw-away random one in tests without JWT_SECRET, never written to disk', () => {
    const a = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }).jwtSecret;
    const b = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }).jwtSecret;
    expect(a).not.toBe(b);
    expect(fs.existsSync(path.join(dataDir, JWT_SECRET_FILE))).toBe(false);
  });
});

describe('where the api listens', () => {
  it.each([
    ['development', '127.0.0.1'],
    ['test', '127.0.0.1'],
    ['production', '0.0.0.0'],
  ])('in %s defaults to %s', (nodeEnv, host) => {
    expect(loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: 's'.repeat(32) }).host).toBe(host);
  });

  it('takes HOST when given', () => {
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: 's'.repeat(32), HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('timeouts', () => {
  it('refuse a statement timeout at or above the request deadline', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '5000', STATEMENT_TIMEOUT_MS: '5000' })).toThrow(
      /STATEMENT_TIMEOUT_MS must be below REQUEST_TIMEOUT_MS/,
    );
  });

  it('refuse TRUST_PROXY=true (it would believe any client about its address)', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});

const SECRET = 'a-secret-that-is-long-enough-0123456789';

describe('PASSWORD_HASH_PROFILE', () => {
  it.each([
    ['unset, in production', { NODE_ENV: 'production', JWT_SECRET: SECRET }, 'standard'],
    [
      'standard, in production',
      { NODE_ENV: 'production', JWT_SECRET: SECRET, PASSWORD_HASH_PROFILE: 'standard' },
      'standard',
    ],
    ['fast, in tests', { NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'fast' }, 'fast'],
    ['fast, in development', { NODE_ENV: 'development', PASSWORD_HASH_PROFILE: 'fast', JWT_SECRET: SECRET }, 'fast'],
  ])('%s: the config takes %s', (_situation, env, profile) => {
    expect(loadConfig(env).passwordHashProfile).toBe(profile);
  });

  it.each([
    [
      'fast with NODE_ENV=production',
      { NODE_ENV: 'production', JWT_SECRET: SECRET, PASSWORD_HASH_PROFILE: 'fast' },
      /refused in production/,
    ],
    ['fast with NODE_ENV unset', { JWT_SECRET: SECRET, PASSWORD_HASH_PROFILE: 'fast' }, /refused in production/],
    [
      'an unknown profile',
      { NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'quick' },
      /must be standard or fast \(got "quick"\)/,
    ],
  ])('%s stops the start-up', (_situation, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('falls back to standard for the hasher whenever the setting is refused', () => {
    expect(passwordHashProfileOf({ NODE_ENV: 'production', PASSWORD_HASH_PROFILE: 'fast' }).profile).toBe('standard');
    expect(passwordHashProfileOf({ PASSWORD_HASH_PROFILE: 'quick' }).profile).toBe('standard');
  });
});
