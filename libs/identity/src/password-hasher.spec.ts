/** The hasher picks its profile once, when it is loaded: each case loads a fresh copy under its own environment. */
function hasherUnder(env: NodeJS.ProcessEnv): typeof import('./password-hasher') {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let hasher: typeof import('./password-hasher') | undefined;
    jest.isolateModules(() => {
      hasher = jest.requireActual<typeof import('./password-hasher')>('./password-hasher');
    });
    return hasher!;
  } finally {
    process.env = saved;
  }
}

// Whether `fast` is refused in production is the config's rule (app-config.spec.ts); the hasher reads it from there.
describe('password hasher', () => {
  describe('fast (the test profile)', () => {
    const hasher = hasherUnder({ NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'fast' });

    it('hashes with argon2id at its minimum cost and verifies', async () => {
      const hash = await hasher.hashPassword('Password-123');
      expect(hash).toContain('$argon2id$v=19$m=8,p=1,t=1$');
      await expect(hasher.verifyPassword(hash, 'Password-123')).resolves.toBe(true);
      await expect(hasher.verifyPassword(hash, 'Password-124')).resolves.toBe(false);
    });

    it('verifies unknown accounts against a dummy hash of the same cost', async () => {
      expect(hasher.DUMMY_PASSWORD_HASH).toContain('$m=8,');
      await expect(hasher.verifyPassword(hasher.DUMMY_PASSWORD_HASH, 'Password-123')).resolves.toBe(false);
    });

    it('answers false, not an error, for a malformed stored hash', async () => {
      await expect(hasher.verifyPassword('not-a-hash', 'Password-123')).resolves.toBe(false);
    });
  });

  describe('standard (production)', () => {
    const hasher = hasherUnder({ NODE_ENV: 'production', PASSWORD_HASH_PROFILE: 'fast' });

    it('hashes with the library’s defaults (64 MiB, 3 passes, 4 lanes) even when fast was asked for', async () => {
      const hash = await hasher.hashPassword('Password-123');
      expect(hash).toContain('$argon2id$v=19$m=65536,p=4,t=3$');
      await expect(hasher.verifyPassword(hash, 'Password-123')).resolves.toBe(true);
    });

    it('verifies unknown accounts against a dummy hash of the same cost', async () => {
      expect(hasher.DUMMY_PASSWORD_HASH).toContain('$m=65536,');
      await expect(hasher.verifyPassword(hasher.DUMMY_PASSWORD_HASH, 'Password-123')).resolves.toBe(false);
    });
  });
});
