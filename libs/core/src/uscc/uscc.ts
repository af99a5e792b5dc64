/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters that every bureau's data is matched
 * on. Layout: registration authority (1), entity type (1), administrative region (6), organisation code (9, GB 11714),
 * check character (1). Only the check character is verified here: issuers have not kept to the structure of the
 * other positions strictly enough to reject codes on it.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_LENGTH = 18;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character for the given first 17; throws when they are not 17 characters of the USCC alphabet. */
export function usccCheckCharacter(first17: string): string {
  const characters = Array.from(first17);
  if (characters.length !== USCC_LENGTH - 1) {
    throw new RangeError(`A USCC check character is computed from 17 characters, not ${characters.length}.`);
  }
  let sum = 0;
  characters.forEach((character, index) => {
    const value = USCC_ALPHABET.indexOf(character);
    if (value < 0) throw new RangeError(illegalCharacterReason(character, index));
    sum += value * USCC_WEIGHTS[index];
  });
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why `code` is not a valid USCC, in words a person can act on; null when it is valid. */
export function usccProblem(code: string): string | null {
  const characters = Array.from(code);
  if (characters.length !== USCC_LENGTH) {
    return `A USCC has 18 characters; this one has ${characters.length}.`;
  }
  const illegalIndex = characters.findIndex((character) => !USCC_ALPHABET.includes(character));
  if (illegalIndex >= 0) return illegalCharacterReason(characters[illegalIndex], illegalIndex);
  const expected = usccCheckCharacter(characters.slice(0, USCC_LENGTH - 1).join(''));
  const actual = characters[USCC_LENGTH - 1];
  if (actual !== expected) {
    return `The check character (18th) is '${actual}' but the first 17 characters require '${expected}': a character is mistyped.`;
  }
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/**
 * The 9th character of a GB 11714 organisation code (USCC positions 9–17) from its first 8: digits count 0–9 and
 * capitals A–Z count 10–35; 10 is written 'X' and 11 '0'. Used to build realistic codes, not to reject real ones.
 */
export function organisationCodeCheckCharacter(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError(
      `An organisation code check character is computed from 8 digits or capitals, not '${first8}'.`,
    );
  }
  const sum = Array.from(first8).reduce(
    (total, character, index) => total + parseInt(character, 36) * ORGANISATION_CODE_WEIGHTS[index],
    0,
  );
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  return check === 11 ? '0' : String(check);
}

function illegalCharacterReason(character: string, index: number): string {
  const position = `Character ${index + 1} ('${character}')`;
  const upper = character.toUpperCase();
  if (upper !== character && USCC_ALPHABET.includes(upper)) {
    return `${position} is lowercase; USCC letters are capitals.`;
  }
  return `${position} is not allowed: a USCC uses only the digits and the capitals ABCDEFGHJKLMNPQRTUWXY (no I, O, S, V or Z).`;
}
