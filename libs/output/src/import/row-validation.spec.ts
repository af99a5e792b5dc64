import { usccCheckCharacter } from '@vg/core';
import { ImportFileType } from '../import-job.entity';
import { FigureFileType, IMPORT_LAYOUTS } from './import-layouts';
import { normaliseDecimal, resolveHeader, validateRows } from './row-validation';
import { readCsv } from './table-readers';

const uscc = (serial: string) => {
  const first17 = `91330100MA${serial}`;
  return first17 + usccCheckCharacter(first17);
};
const [HOME, AWAY, UNKNOWN] = [uscc('0000001'), uscc('0000002'), uscc('0000003')];
const FIRMS = new Map([
  [HOME, { firmId: 'home-firm', parkId: 'park-a' }],
  [AWAY, { firmId: 'away-firm', parkId: 'park-b' }],
]);

function validate(fileType: FigureFileType, lines: string[]) {
  const table = readCsv(Buffer.from(lines.join('\n')));
  const resolved = resolveHeader(IMPORT_LAYOUTS[fileType], table);
  if ('errors' in resolved) return { rows: [], errors: resolved.errors };
  return validateRows(IMPORT_LAYOUTS[fileType], resolved.header, table, FIRMS, 'park-a');
}

describe('a bureau file’s rows, checked one by one', () => {
  it.each([
    ['600', 4, true, '600'],
    ['600.1000', 4, true, '600.1'],
    ['+12.5', 4, false, '12.5'],
    ['-5', 4, true, '-5'],
    ['-0.00', 4, false, '0'],
    ['007.50', 2, false, '7.5'],
    ['1,234,567.25', 2, false, '1234567.25'],
    ['-5', 4, false, null],
    ['1.23456', 4, true, null],
    ['1e5', 4, true, null],
    ['12,34', 4, true, null],
    ['123456789012345', 4, true, null],
    ['', 4, true, null],
    ['abc', 4, true, null],
  ])('reads %p (scale %i, signed %p) as %p', (text, scale, signed, expected) => {
    expect(normaliseDecimal(text, scale, signed)).toBe(expected);
  });

  it.each([
    ['2025-03', '2025-03-01'],
    ['2025/3', '2025-03-01'],
    ['202503', '2025-03-01'],
    ['2025年3月', '2025-03-01'],
    ['2025-03-17', '2025-03-01'],
  ])('takes the month written %s as %s', (month, period) => {
    const { rows, errors } = validate(ImportFileType.MONTHLY_OUTPUT, ['uscc,month,产值', `${HOME},${month},100.50`]);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ firmId: 'home-firm', period });
  });

  it.each([
    ['a month 13', '2025-13'],
    ['a year before 2000', '1999-01'],
    ['a bare year', '2025'],
  ])('refuses %s', (_, month) => {
    const { errors } = validate(ImportFileType.MONTHLY_OUTPUT, ['uscc,month,outputValue', `${HOME},${month},1`]);
    expect(errors).toEqual([expect.objectContaining({ row: 2, column: 'month', code: 'BAD_KEY' })]);
  });

  it('reports every problem of a row and of every row, by line', () => {
    const { rows, errors } = validate(ImportFileType.STATISTICS, [
      'USCC,Year,valueAdded,revenue',
      `${HOME},2025,100,200`,
      `${UNKNOWN},2025,x,200`,
      `${AWAY},2025,1,2`,
      `${HOME},2025,100,200`,
    ]);

    expect(rows).toHaveLength(1);
    expect(errors.map(({ row, column, code }) => [row, column, code])).toEqual([
      [3, 'uscc', 'UNKNOWN_USCC'],
      [3, 'valueAdded', 'BAD_NUMBER'],
      [4, 'uscc', 'WRONG_PARK'],
      [5, null, 'DUPLICATE_ROW'],
    ]);
  });

  it('leaves a blank figure cell out instead of reading it as zero', () => {
    const { rows } = validate(ImportFileType.ENVIRONMENT, ['uscc,year,emissions,energy', `${HOME},2025,,12.5`]);
    expect(rows[0].values.map(({ column, value }) => [column.key, value])).toEqual([['energy', '12.5']]);
  });

  it.each([
    ['a key column is missing', ['uscc,taxPaid', `${HOME},1`]],
    ['no figure column of the type is present', ['uscc,year,electricity', `${HOME},2025,1`]],
  ])('refuses the file when %s', (_, lines) => {
    expect(validate(ImportFileType.TAX_BUREAU, lines).errors).toEqual([
      expect.objectContaining({ row: 1, code: 'MISSING_COLUMN' }),
    ]);
  });
});

describe('CSV reading', () => {
  it('handles a BOM, CRLF, quoted commas, quotes and line breaks, and skips blank lines', () => {
    const table = readCsv(Buffer.from('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",3\r\n'));
    expect(table.rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', '3'] },
    ]);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => readCsv(Buffer.from([0x75, 0xff, 0xfe]))).toThrow(/UTF-8/);
  });
});
