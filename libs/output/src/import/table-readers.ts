import ExcelJS from 'exceljs';
import { ImportFormat } from '../import-job.entity';

/** A file as rows of cell texts (null for an empty cell), each with its 1-based line in the file. */
export interface RawTable {
  rows: { line: number; cells: (string | null)[] }[];
}

export class UnreadableFileError extends Error {}

export async function readTable(format: ImportFormat, bytes: Buffer): Promise<RawTable> {
  return format === ImportFormat.CSV ? readCsv(bytes) : readXlsx(bytes);
}

/** RFC 4180: commas, double-quoted fields with "" escapes and line breaks inside; UTF-8 with or without a BOM. */
export function readCsv(bytes: Buffer): RawTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFileError('The CSV file is not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: RawTable['rows'] = [];
  let cells: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    cells.push(quoted || field.trim() !== '' ? (quoted ? field : field.trim()) : null);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (cells.some((cell) => cell !== null)) rows.push({ line: recordLine, cells });
    cells = [];
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index++;
        } else {
          inQuotes = false;
        }
      } else {
        if (character === '\n') line++;
        field += character;
      }
    } else if (character === '"' && field.trim() === '') {
      inQuotes = true;
      quoted = true;
      field = '';
    } else if (character === ',') {
      endField();
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += character;
    }
  }
  if (inQuotes) throw new UnreadableFileError(`A quoted field opened on line ${recordLine} is never closed`);
  if (field !== '' || cells.length) endRecord();
  return { rows };
}

/** The first worksheet; numbers are read back as the shortest decimal that round-trips (what Excel shows). */
export async function readXlsx(bytes: Buffer): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('The file is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('The workbook has no worksheet');
  const rows: RawTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: (string | null)[] = [];
    for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
    if (cells.some((cell) => cell !== null)) rows.push({ line, cells });
  });
  return { rows };
}

function cellText(value: ExcelJS.CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return cellText(value.richText.map((part) => part.text).join(''));
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as string);
  if ('error' in value) return String(value.error);
  return null;
}
