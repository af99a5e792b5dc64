import {
  parseAreaUnit,
  parseDegrees,
  parseIndustryCode,
  parsePhone,
  parsePositiveDecimal,
  parseRegistryDate,
  parseScale,
  parseTenure,
  splitList,
} from './registry-values';

const value = <T>(parsed: { value: T } | { problem: string }) => ('value' in parsed ? parsed.value : null);

describe('a registry file’s cells, as the bureaus write them', () => {
  it.each([
    ['C1810', '18'],
    ['1810', '18'],
    ['181', '18'],
    ['18', '18'],
    ['c 1711', '17'],
    ['00', null],
    ['餐饮', null],
    ['C18100', null],
  ])('reads industry code %s as division %s', (text, division) => {
    expect(value(parseIndustryCode(text))).toBe(division);
  });

  it.each([
    ['2019-03-08', '2019-03-08'],
    ['2019/3/8', '2019-03-08'],
    ['2019.3.8', '2019-03-08'],
    ['20190308', '2019-03-08'],
    ['2019年3月8日', '2019-03-08'],
    ['2019/2/30', null],
    ['1899-12-31', null],
    ['3/8/2019', null],
  ])('reads the date %s as %s', (text, iso) => {
    expect(value(parseRegistryDate(text))).toBe(iso);
  });

  it.each([
    ['5.03', 4, '5.0300'],
    ['1,234.5', 2, '1234.50'],
    ['5.03125', 4, null],
    ['0', 4, null],
    ['-3', 4, null],
    ['3e2', 4, null],
  ])('reads the area %s (at most %s decimals) exactly as %s', (text, scale, exact) => {
    expect(value(parsePositiveDecimal(text, scale, '150000'))).toBe(exact);
  });

  it.each([
    ['30.4212345', 90, '30.421235'],
    ['120.3', 180, '120.300000'],
    ['91', 90, null],
    ['北纬30度', 90, null],
  ])('reads %s degrees (±%s) as %s, rounded to 6 decimals', (text, limit, degrees) => {
    expect(value(parseDegrees(text, limit))).toBe(degrees);
  });

  it.each([
    ['139-0000-0004', '13900000004'],
    ['+86 139 0000 0004', '+8613900000004'],
    ['(0571) 8888 6666', '057188886666'],
    ['12345', null],
    ['ask the owner', null],
  ])('reads the phone %s as %s', (text, digits) => {
    expect(value(parsePhone(text))).toBe(digits);
  });

  it.each([
    [parseAreaUnit, '亩', 'MU'],
    [parseAreaUnit, '㎡', 'M2'],
    [parseAreaUnit, '公顷', null],
    [parseTenure, '出让', 'OWNED'],
    [parseTenure, '承租', 'LEASED'],
    [parseScale, '规模以上', 'ABOVE'],
    [parseScale, '否', 'BELOW'],
    [parseScale, '中型', null],
  ] as const)('reads %p %s as %s', (parse, text, expected) => {
    expect(value((parse as (text: string) => { value: string } | { problem: string })(text))).toBe(expected);
  });

  it('splits a list of tenants on Chinese and ASCII separators', () => {
    expect(splitList('甲公司、乙公司，丙公司; 丁公司/')).toEqual(['甲公司', '乙公司', '丙公司', '丁公司']);
  });
});
