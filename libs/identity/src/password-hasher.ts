import argon2 from 'argon2';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), above OWASP's minimum. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so timing does not reveal which emails are registered. */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$GArs/teqn/yQWVfy2IIO3w$tJXBsFGPMrEYyIvEjL/BJHLalih54CJpPlnF3L1v6CM';
