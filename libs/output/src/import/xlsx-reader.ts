import { SaxesParser, SaxesTagPlain } from 'saxes';
import { entryText, readZipDirectory, UnreadableArchiveError, ZipEntry } from './zip-archive';

/** One row of the first worksheet: its 1-based row number and the cell texts (null for an empty cell). */
export interface SheetRow {
  line: number;
  cells: (string | null)[];
}

/** Built-in number formats that show a date (Excel's 14–22 and 45–47, and the CJK date formats 27–36, 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);
const DAY_MS = 86_400_000;
/** Days from Excel's day 0 to 1970-01-01 in the 1900 and the 1904 date systems. */
const EPOCH_1900 = 25_569;
const EPOCH_1904 = 24_107;

/**
 * Streams the first worksheet of an XLSX workbook row by row, reading the archive through its central directory
 * (sizes checked before anything is inflated) and parsing each part's XML as it inflates: memory holds the shared
 * strings and one row, never the sheet. Cell texts follow what Excel shows: numbers as the shortest decimal that
 * round-trips, dates (by their number format) as YYYY-MM-DD, booleans as true/false, text trimmed.
 */
export async function streamXlsxRows(bytes: Buffer, onRow: (row: SheetRow) => void): Promise<void> {
  const entries = readZipDirectory(bytes);
  const part = (name: string) => entries.get(name);
  const workbook = part('xl/workbook.xml');
  const relations = part('xl/_rels/workbook.xml.rels');
  if (!workbook || !relations) throw new UnreadableArchiveError('The file is not an XLSX workbook');

  const { firstSheetRelation, date1904 } = await readWorkbook(bytes, workbook);
  if (!firstSheetRelation) throw new UnreadableArchiveError('The workbook has no worksheet');
  const sheetPath = await readRelationTarget(bytes, relations, firstSheetRelation);
  const sheet = sheetPath ? part(sheetPath) : undefined;
  if (!sheet) throw new UnreadableArchiveError('The workbook has no worksheet');
  const styles = part('xl/styles.xml');
  const sharedStrings = part('xl/sharedStrings.xml');
  const dateStyles = styles ? await readDateStyles(bytes, styles) : new Set<number>();
  const strings = sharedStrings ? await readSharedStrings(bytes, sharedStrings) : [];
  await readSheet(bytes, sheet, { strings, dateStyles, epoch: date1904 ? EPOCH_1904 : EPOCH_1900 }, onRow);
}

/** Feeds a part's XML to handlers as it inflates. */
async function parsePart(
  bytes: Buffer,
  entry: ZipEntry,
  handlers: {
    open?: (tag: SaxesTagPlain) => void;
    close?: (tag: SaxesTagPlain) => void;
    text?: (text: string) => void;
  },
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | null = null;
  parser.on('error', (error) => (failure ??= error));
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  for await (const chunk of entryText(bytes, entry)) {
    parser.write(chunk);
    if (failure) break;
  }
  if (!failure) parser.close();
  if (failure) throw new UnreadableArchiveError(`${entry.name} is not well-formed XML`);
}

async function readWorkbook(bytes: Buffer, entry: ZipEntry) {
  let firstSheetRelation: string | null = null;
  let date1904 = false;
  await parsePart(bytes, entry, {
    open: (tag) => {
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
      if (tag.name === 'sheet' && firstSheetRelation === null)
        firstSheetRelation = String(tag.attributes['r:id'] ?? '');
    },
  });
  return { firstSheetRelation, date1904 };
}

async function readRelationTarget(bytes: Buffer, entry: ZipEntry, id: string): Promise<string | null> {
  let target: string | null = null;
  await parsePart(bytes, entry, {
    open: (tag) => {
      if (tag.name === 'Relationship' && tag.attributes.Id === id) target = String(tag.attributes.Target ?? '');
    },
  });
  if (!target) return null;
  const path = target as string;
  return path.startsWith('/') ? path.slice(1) : `xl/${path.replace(/^\.\//, '')}`;
}

/** The cell style indexes whose number format shows a date. */
async function readDateStyles(bytes: Buffer, entry: ZipEntry): Promise<Set<number>> {
  const customDateFormats = new Set<number>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(bytes, entry, {
    open: (tag) => {
      if (tag.name === 'numFmt' && isDateFormatCode(String(tag.attributes.formatCode ?? ''))) {
        customDateFormats.add(Number(tag.attributes.numFmtId));
      }
      if (tag.name === 'cellXfs') inCellXfs = true;
      if (tag.name === 'xf' && inCellXfs) styleFormats.push(Number(tag.attributes.numFmtId ?? 0));
    },
    close: (tag) => {
      if (tag.name === 'cellXfs') inCellXfs = false;
    },
  });
  const dateStyles = new Set<number>();
  styleFormats.forEach((format, index) => {
    if (BUILT_IN_DATE_FORMATS.has(format) || customDateFormats.has(format)) dateStyles.add(index);
  });
  return dateStyles;
}

/** A format shows a date when, outside quoted text and [brackets], it has a day, month, year, hour or second part. */
function isDateFormatCode(code: string): boolean {
  return /[ymdhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

async function readSharedStrings(bytes: Buffer, entry: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  await parsePart(bytes, entry, {
    open: (tag) => {
      if (tag.name === 'si') current = '';
      if (tag.name === 'rPh') phonetic += 1;
      if (tag.name === 't' && phonetic === 0) inText = true;
    },
    close: (tag) => {
      if (tag.name === 't') inText = false;
      if (tag.name === 'rPh') phonetic -= 1;
      if (tag.name === 'si') strings.push(current);
    },
    text: (text) => {
      if (inText) current += text;
    },
  });
  return strings;
}

interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
  epoch: number;
}

async function readSheet(
  bytes: Buffer,
  entry: ZipEntry,
  context: SheetContext,
  onRow: (row: SheetRow) => void,
): Promise<void> {
  let line = 0;
  let cells: (string | null)[] = [];
  let cell: { column: number; type: string; style: number } | null = null;
  let nextColumn = 0;
  let value = '';
  let capture: 'value' | 'inline' | null = null;
  await parsePart(bytes, entry, {
    open: (tag) => {
      if (tag.name === 'row') {
        line = Number(tag.attributes.r ?? line + 1);
        cells = [];
        nextColumn = 0;
      } else if (tag.name === 'c') {
        const reference = String(tag.attributes.r ?? '');
        const column = reference ? columnIndex(reference) : nextColumn;
        cell = { column, type: String(tag.attributes.t ?? 'n'), style: Number(tag.attributes.s ?? 0) };
        nextColumn = column + 1;
        value = '';
      } else if (tag.name === 'v' && cell) {
        capture = 'value';
      } else if (tag.name === 't' && cell?.type === 'inlineStr') {
        capture = 'inline';
      }
    },
    close: (tag) => {
      if (tag.name === 'v' || tag.name === 't') capture = null;
      if (tag.name === 'c' && cell) {
        const text = cellText(cell.type, cell.style, value, context);
        while (cells.length < cell.column) cells.push(null);
        cells[cell.column] = text;
        cell = null;
      } else if (tag.name === 'row') {
        if (cells.some((text) => text !== null)) onRow({ line, cells });
      }
    },
    text: (text) => {
      if (capture) value += text;
    },
  });
}

function cellText(type: string, style: number, raw: string, context: SheetContext): string | null {
  switch (type) {
    case 's':
      return trimmed(context.strings[Number(raw)] ?? '');
    case 'inlineStr':
    case 'str':
      return trimmed(raw);
    case 'b':
      return raw === '' ? null : String(raw === '1' || raw === 'true');
    case 'e':
      return raw === '' ? null : raw;
    case 'd':
      return raw === '' ? null : raw.slice(0, 10);
    default: {
      if (raw.trim() === '') return null;
      const number = Number(raw);
      if (!Number.isFinite(number)) return trimmed(raw);
      if (!context.dateStyles.has(style)) return String(number);
      return new Date(Math.round((number - context.epoch) * DAY_MS)).toISOString().slice(0, 10);
    }
  }
}

function trimmed(text: string): string | null {
  return text.trim() === '' ? null : text.trim();
}

/** "B7" → 1 (0-based column of an A1 reference). */
function columnIndex(reference: string): number {
  let column = 0;
  for (const character of reference) {
    const code = character.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return Math.max(0, column - 1);
}
