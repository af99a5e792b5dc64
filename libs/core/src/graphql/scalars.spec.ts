import { DateScalar, DateTimeScalar, DecimalScalar, isStrictIsoDate } from './scalars';

describe('strict scalars', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
  ])('when the date is %s, valid is %s', (value, valid) => {
    expect(isStrictIsoDate(value)).toBe(valid);
    if (valid) expect(DateScalar.parseValue(value)).toBe(value);
    else expect(() => DateScalar.parseValue(value)).toThrow(/Date must be/);
  });

  it.each([['2026-11-01T08:00:00+08:00'], ['2026-11-01T00:00:00.123Z']])('accepts the instant %s', (value) => {
    expect(DateTimeScalar.parseValue(value)).toEqual(new Date(value));
  });

  it.each([['2026-11-01'], ['2026-11-01T08:00:00'], ['2026-02-30T08:00:00Z'], ['2026-11-01T25:00:00Z'], [1234]])(
    'refuses the instant %p',
    (value) => {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(/DateTime/);
    },
  );

  it.each([['12.5'], ['0'], ['-3.000001'], ['123456789012345678.5']])('accepts the decimal %s', (value) => {
    expect(DecimalScalar.parseValue(value)).toBe(value);
  });

  it.each([[12.5], ['1e5'], ['12.'], ['.5'], ['01'], ['1.1234567'], ['NaN'], ['']])(
    'refuses the decimal %p',
    (value) => {
      expect(() => DecimalScalar.parseValue(value)).toThrow(/Decimal/);
    },
  );
});
