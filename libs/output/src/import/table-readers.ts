import { ImportFormat } from '../import-job.entity';
import { decodeText, TextEncoding } from './text-encoding';
import { streamXlsxRows } from './xlsx-reader';
import { ImportTooLargeError, readZipDirectory, UnreadableArchiveError } from './zip-archive';

export { ImportTooLargeError } from './zip-archive';

/** A file as rows of cell texts (null for an empty cell), each with its 1-based line in the file. */
export interface RawTable {
  rows: { line: number; cells: (string | null)[] }[];
  /** How a CSV file's text was read; null for a workbook. */
  encoding: TextEncoding | null;
}

/** Rows (header included) one file may hold: a 12,000-firm park's monthly file for a year is 144,000. */
export const MAX_IMPORT_ROWS = 200_000;

export class UnreadableFileError extends Error {}

export async function readTable(format: ImportFormat, bytes: Buffer): Promise<RawTable> {
  return format === ImportFormat.CSV ? readCsv(bytes) : readXlsx(bytes);
}

/**
 * What can be refused before any parsing: an XLSX whose ZIP directory declares too much (sizes, ratios, parts).
 * Throws ImportTooLargeError; an unreadable file is left for the import to report.
 */
export function assertWithinImportLimits(format: ImportFormat, bytes: Buffer): void {
  if (format !== ImportFormat.XLSX) return;
  try {
    readZipDirectory(bytes);
  } catch (error) {
    if (!(error instanceof UnreadableArchiveError)) throw error;
  }
}

function pushRow(rows: RawTable['rows'], row: RawTable['rows'][number]): void {
  if (rows.length >= MAX_IMPORT_ROWS) {
    throw new ImportTooLargeError(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows`);
  }
  rows.push(row);
}

/** RFC 4180: commas, double-quoted fields with "" escapes and line breaks inside; the text as `decodeText` reads it. */
export function readCsv(bytes: Buffer): RawTable {
  const decoded = decodeText(bytes);
  if ('problem' in decoded) throw new UnreadableFileError(decoded.problem);
  const { text, encoding } = decoded;
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
    if (cells.some((cell) => cell !== null)) pushRow(rows, { line: recordLine, cells });
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
  return { rows, encoding };
}

/** The first worksheet, streamed (see `streamXlsxRows`), up to MAX_IMPORT_ROWS rows. */
export async function readXlsx(bytes: Buffer): Promise<RawTable> {
  const rows: RawTable['rows'] = [];
  try {
    await streamXlsxRows(bytes, (row) => pushRow(rows, row));
  } catch (error) {
    if (error instanceof UnreadableArchiveError) throw new UnreadableFileError(error.message);
    throw error;
  }
  return { rows, encoding: null };
}
