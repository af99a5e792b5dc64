import { organisationCodeCheckCharacter, usccCheckCharacter } from '@vg/core';
import { randomInt } from 'node:crypto';

let counter = randomInt(0, 1_000_000);

/** A number no other call in this test process gets (each test file has its own database; the random start is a spare). */
export function uniqueNumber(): number {
  counter += 1;
  return counter;
}

/** A short suffix for names, emails, certificate numbers and process codes. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${uniqueNumber().toString(36)}`.toUpperCase();
}

/** A valid unified social credit code (correct organisation-code and USCC check characters), unique per call. */
export function uniqueUscc(): string {
  const first8 = String(uniqueNumber() % 100_000_000).padStart(8, '0');
  const first17 = `91330100${first8}${organisationCodeCheckCharacter(first8)}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}
