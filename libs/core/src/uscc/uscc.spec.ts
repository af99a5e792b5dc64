import { isValidUscc, organisationCodeCheckCharacter, usccCheckCharacter, usccProblem } from './uscc';

describe('USCC (GB 32100-2015)', () => {
  it.each([
    ['a real Hangzhou enterprise code', '91330100716105852F'],
    ['a real Shenzhen enterprise code', '914403001922038216'],
    ['a code whose check character is 0', '913301100000000120'],
    ['a code whose check character is Y, the last of the alphabet', '91330110000000002Y'],
  ])('accepts %s', (_situation, code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it.each([
    ['the check character is mistyped', '91330100716105852E', "is 'E' but the first 17 characters require 'F'"],
    ['two digits are swapped', '91330100761105852F', 'a character is mistyped'],
    ['the code is in lowercase', '91330100716105852f', "Character 18 ('f') is lowercase"],
    ['a letter I stands for 1', '9I330100716105852F', "Character 2 ('I') is not allowed"],
    ['a letter O stands for 0', '91330100716105852O', "Character 18 ('O') is not allowed"],
    ['a letter Z is used', '91330100Z16105852F', "Character 9 ('Z') is not allowed"],
    ['a letter S is used', '913301007161S5852F', "Character 13 ('S') is not allowed"],
    ['a letter V is used', '91330100716105852V', "Character 18 ('V') is not allowed"],
    ['a lowercase i is used', '9i330100716105852F', "Character 2 ('i') is not allowed"],
    ['a space is inside', '9133010 716105852F', "Character 8 (' ') is not allowed"],
    ['a full-width digit is used', '９1330100716105852F', "Character 1 ('９') is not allowed"],
    ['a character is missing', '91330100716105852', 'this one has 17'],
    ['a character is added', '91330100716105852FF', 'this one has 19'],
    ['it is padded with spaces', ' 91330100716105852F ', 'this one has 20'],
    ['the old 15-digit registration number is given', '330100000123456', 'this one has 15'],
    ['it is empty', '', 'this one has 0'],
  ])('rejects a code when %s', (_situation, code, reason) => {
    expect(usccProblem(code)).toContain(reason);
    expect(isValidUscc(code)).toBe(false);
  });

  it.each([
    ['91330100716105852', 'F'],
    ['91440300192203821', '6'],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });

  it.each([
    ['16 characters', '9133010071610585'],
    ['a letter outside the alphabet', '9133010071610585I'],
  ])('refuses to compute a check character from %s', (_situation, first17) => {
    expect(() => usccCheckCharacter(first17)).toThrow(RangeError);
  });

  it('makes a code valid with its computed check character whatever its 17th character', () => {
    const first16 = '9133011MA2H0KL7P';
    for (const character of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      const first17 = first16 + character;
      expect(isValidUscc(first17 + usccCheckCharacter(first17))).toBe(true);
    }
  });
});

describe('organisation code check character (GB 11714)', () => {
  it.each([
    ['the Hangzhou code above', '71610585', '2'],
    ['the Shenzhen code above', '19220382', '1'],
    ["the standard's example with a letter, checked as X", 'D2143569', 'X'],
    ['a sum that leaves no remainder, checked as 0', '00000000', '0'],
  ])('matches %s', (_situation, first8, check) => {
    expect(organisationCodeCheckCharacter(first8)).toBe(check);
  });

  it('refuses lowercase or short input', () => {
    expect(() => organisationCodeCheckCharacter('d2143569')).toThrow(RangeError);
    expect(() => organisationCodeCheckCharacter('7161058')).toThrow(RangeError);
  });
});
