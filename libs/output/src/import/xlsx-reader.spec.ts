import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { buildZip, repetitiveSheetXml, xlsxParts } from '../../../../tests/fixtures/zip-builder';
import { MAX_IMPORT_ROWS, readCsv, readXlsx, UnreadableFileError } from './table-readers';
import { ARCHIVE_LIMITS, ImportTooLargeError, readZipDirectory } from './zip-archive';

async function workbookBytes(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('Figures'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('the streaming XLSX reader', () => {
  it('reads what Excel shows: shared and inline text, numbers, dates by format, booleans, formula results', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(['uscc', 'year', 'taxPaid', 'month', 'audited', 'total']);
      sheet.addRow([' 91330100716105852F ', 2025, 1234.5, new Date(Date.UTC(2025, 2, 1)), true, null]);
      sheet.getCell('F2').value = { formula: 'C2*2', result: 2469 };
      sheet.getCell('D2').numFmt = 'yyyy-mm';
      sheet.addRow([{ richText: [{ text: '914403' }, { text: '001922038216' }] }, 2024, 0.1]);
      sheet.getCell('E4').value = 'later';
    });
    const table = await readXlsx(bytes);
    expect(table.rows).toEqual([
      { line: 1, cells: ['uscc', 'year', 'taxPaid', 'month', 'audited', 'total'] },
      { line: 2, cells: ['91330100716105852F', '2025', '1234.5', '2025-03-01', 'true', '2469'] },
      { line: 3, cells: ['914403001922038216', '2024', '0.1'] },
      { line: 4, cells: [null, null, null, null, 'later'] },
    ]);
  });

  it('reads a hand-made workbook without shared strings or styles (inline strings)', async () => {
    const table = await readXlsx(buildZip(xlsxParts(repetitiveSheetXml(3))));
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]).toEqual({ line: 1, cells: ['91330100716105852F', '2025', '1'] });
  });

  it('reports a file that is not a workbook as unreadable', async () => {
    await expect(readXlsx(Buffer.from('uscc,year\n'))).rejects.toThrow(UnreadableFileError);
    await expect(readXlsx(buildZip([{ name: 'hello.txt', data: Buffer.from('hi') }]))).rejects.toThrow(
      UnreadableFileError,
    );
  });
});

describe('archive limits, from the central directory before anything is inflated', () => {
  it('refuses a part that unpacks far beyond its compressed size (a zip bomb)', () => {
    const bomb = buildZip(xlsxParts(repetitiveSheetXml(300_000)));
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => readZipDirectory(bomb)).toThrow(/compressed \d+:1; at most 100:1/);
  });

  it('refuses a part declared larger than the per-part cap', () => {
    const stored = Buffer.alloc(1024);
    const zip = buildZip([{ name: 'a.xml', data: stored, declaredSize: ARCHIVE_LIMITS.maxEntryBytes + 1 }]);
    expect(() => readZipDirectory(zip)).toThrow(ImportTooLargeError);
  });

  it('refuses parts that add up to more than the total cap', () => {
    const parts = Array.from({ length: 3 }, (_, index) => ({
      name: `p${index}.xml`,
      // Random bytes do not compress: each part's ratio stays within the cap, only their sum is too big.
      data: randomBytes(320 * 1024),
      declaredSize: 30 * 1024 * 1024,
    }));
    expect(() => readZipDirectory(buildZip(parts))).toThrow(/more than 64\.0 MB/);
  });

  it('refuses two directory entries sharing the same bytes', () => {
    const zip = buildZip([
      { name: 'a.xml', data: Buffer.from('<a/>') },
      { name: 'b.xml', data: Buffer.alloc(0), sameBytesAs: 'a.xml' },
    ]);
    expect(() => readZipDirectory(zip)).toThrow(/reuses its own bytes/);
  });

  it('stops inflating a part the moment it passes the size its directory declared (a lying archive)', async () => {
    const liar = buildZip(xlsxParts(repetitiveSheetXml(50_000), 64 * 1024));
    expect(() => readZipDirectory(liar)).not.toThrow();
    await expect(readXlsx(liar)).rejects.toThrow(/unpacks to more than its archive says/);
  });

  it(`refuses a file of more than ${MAX_IMPORT_ROWS} rows while reading it`, () => {
    const csv = Buffer.from(`uscc,year,taxPaid\n${'91330100716105852F,2025,1\n'.repeat(MAX_IMPORT_ROWS)}`);
    expect(() => readCsv(csv)).toThrow(ImportTooLargeError);
    const fits = Buffer.from(`uscc,year,taxPaid\n${'91330100716105852F,2025,1\n'.repeat(MAX_IMPORT_ROWS - 1)}`);
    expect(readCsv(fits).rows).toHaveLength(MAX_IMPORT_ROWS);
  });
});
