import { ConfigError, loadConfig, passwordHashProfileOf } from './app-config';

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
    ['fast, in development', { NODE_ENV: 'development', PASSWORD_HASH_PROFILE: 'fast' }, 'fast'],
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
