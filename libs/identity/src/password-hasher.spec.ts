/** The hasher picks its profile once, when it is loaded: each case loads a fresh copy under its own environment. */
async function hasherUnder(env: NodeJS.ProcessEnv): Promise<typeof import('./password-hasher')> {
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

describe('password hasher', () => {
  it.each([
    ['fast in tests', { NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'fast' }, 'm=8,p=1,t=1'],
    ['standard when asked', { NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'standard' }, 'm=65536,p=4,t=3'],
    [
      'standard when fast is asked in production',
      { NODE_ENV: 'production', PASSWORD_HASH_PROFILE: 'fast' },
      'm=65536,p=4,t=3',
    ],
  ])('hashes %s (argon2id %s)', async (_situation, env, parameters) => {
    const hasher = await hasherUnder(env);
    const hash = await hasher.hashPassword('Password-123');
    expect(hash).toContain(`$argon2id$v=19$${parameters}$`);
    await expect(hasher.verifyPassword(hash, 'Password-123')).resolves.toBe(true);
    await expect(hasher.verifyPassword(hash, 'Password-124')).resolves.toBe(false);
  });

  it.each([
    ['fast', { NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'fast' }, 'm=8,'],
    ['standard', { NODE_ENV: 'production', PASSWORD_HASH_PROFILE: 'standard' }, 'm=65536,'],
  ])(
    'verifies unknown accounts against a %s dummy hash, so timing matches a real account',
    async (_profile, env, memory) => {
      const hasher = await hasherUnder(env);
      expect(hasher.DUMMY_PASSWORD_HASH).toContain(memory);
      await expect(hasher.verifyPassword(hasher.DUMMY_PASSWORD_HASH, 'Password-123')).resolves.toBe(false);
    },
  );

  it('answers false, not an error, for a malformed stored hash', async () => {
    const hasher = await hasherUnder({ NODE_ENV: 'test', PASSWORD_HASH_PROFILE: 'fast' });
    await expect(hasher.verifyPassword('not-a-hash', 'Password-123')).resolves.toBe(false);
  });
});
