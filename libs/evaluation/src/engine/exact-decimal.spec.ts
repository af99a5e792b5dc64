import { EvaluationInputError } from './evaluation-input.error';
import { Exact, formatPercent, formatScore, formatValue, parseDecimal } from './exact-decimal';

describe('formatScore and formatValue (half up, on output only)', () => {
  it.each([
    ['12.34565', '12.3457'],
    ['12.34564999', '12.3456'],
    ['-12.34565', '-12.3457'],
    ['-0.00004', '0.0000'],
    ['100', '100.0000'],
  ])('prints the score %s as %s', (value, text) => {
    expect(formatScore(new Exact(value))).toBe(text);
  });

  it.each([
    ['0.0302', '0.030200'],
    ['1.2449695', '1.244970'],
    ['-0.0000001', '0.000000'],
  ])('prints the value %s as %s', (value, text) => {
    expect(formatValue(new Exact(value))).toBe(text);
  });
});

describe('formatPercent', () => {
  it.each([
    [1, 1, '100.0000'],
    [1, 3, '33.3333'],
    [2, 3, '66.6667'],
    [6, 7, '85.7143'],
    [1, 16000, '0.0063'],
    [1, 12000, '0.0083'],
  ])('prints %i of %i as %s', (part, whole, text) => {
    expect(formatPercent(part, whole)).toBe(text);
  });
});

describe('parseDecimal', () => {
  it.each(['1e3', '0x10', 'NaN', 'Infinity', '1.', '.5', ' 1', '', '1,000'])('rejects %j', (text) => {
    expect(() => parseDecimal(text, 'figure')).toThrow(EvaluationInputError);
  });

  it.each([
    ['600', '600'],
    ['-3.25', '-3.25'],
    ['0.000015', '0.000015'],
  ])('reads %s exactly', (text, exact) => {
    expect(parseDecimal(text, 'figure').toFixed()).toBe(exact);
  });
});
