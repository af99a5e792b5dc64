import { PasswordHashProfile, passwordHashProfileOf } from '@vg/core';
import argon2 from 'argon2';

const ARGON2_OPTIONS: Record<PasswordHashProfile, argon2.HashOptions> = {
  /** The library's defaults (m=64 MiB, t=3, p=4), above OWASP's minimum. */
  standard: { type: argon2.argon2id },
  /** argon2's smallest cost (8 KiB, one pass): the same algorithm and code path in well under a millisecond. */
  fast: { type: argon2.argon2id, memoryCost: 8, timeCost: 1, parallelism: 1 },
};

/** Verified against when the account does not exist, so timing does not reveal which emails are registered. */
const DUMMY_HASHES: Record<PasswordHashProfile, string> = {
  standard: '$argon2id$v=19$m=65536,t=3,p=4$GArs/teqn/yQWVfy2IIO3w$tJXBsFGPMrEYyIvEjL/BJHLalih54CJpPlnF3L1v6CM',
  fast: '$argon2id$v=19$m=8,p=1,t=1$NuF81dPa8FNgQzS5Fj2q+A$sqM1uDRleNXHMw5DU2aQ7/fUQIggeoEjhZHRwj3Ud3c',
};

/**
 * Chosen once per process from PASSWORD_HASH_PROFILE by the rule the app config validates at start-up, so a refused
 * setting (`fast` in production) hashes `standard` even here.
 */
const profile = passwordHashProfileOf(process.env).profile;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_OPTIONS[profile]);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const DUMMY_PASSWORD_HASH = DUMMY_HASHES[profile];
