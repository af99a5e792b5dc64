import { usccProblem } from '@vg/core';
import { ImportRowError } from '../import-job.entity';
import { FigureColumn, ImportLayout } from './import-layouts';
import { isFutureMonth } from '../month';
import { RawTable } from './table-readers';

/** Where each declared column sits in the file. */
export interface ResolvedHeader {
  keyIndex: Record<string, number>;
  figures: { column: FigureColumn; index: number }[];
}

export interface ValidRow {
  line: number;
  firmId: string;
  /** The year, or the month's first day (YYYY-MM-01). */
  period: number | string;
  values: { column: FigureColumn; value: string }[];
}

export interface RowValidation {
  rows: ValidRow[];
  errors: ImportRowError[];
}

export interface RegisteredFirm {
  firmId: string;
  parkId: string;
}

/** Headers match trimmed, case-blind, and with full-width brackets and spaces as their ASCII forms (NFKC). */
const normalise = (header: string | null) => (header ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Where each header name sits in the first row; the first of two equal names wins. */
function headerFinder(first: RawTable['rows'][number]) {
  const positions = new Map<string, number>();
  first.cells.forEach((cell, index) => {
    if (!positions.has(normalise(cell))) positions.set(normalise(cell), index);
  });
  return (headers: string[]) => headers.map((name) => positions.get(normalise(name))).find((i) => i !== undefined);
}

/** A column a file may have: its key, the header names it goes by, and whether the file must have it. */
export interface DeclaredColumn {
  key: string;
  headers: string[];
  required: boolean;
}

/** Where each declared column sits (absent ones are left out); a missing required column is an error. */
export function resolveColumns(
  columns: readonly DeclaredColumn[],
  table: RawTable,
): { index: Record<string, number> } | { errors: ImportRowError[] } {
  const first = table.rows[0];
  if (!first) return { errors: [{ row: 1, column: null, code: 'EMPTY_FILE', message: 'The file has no header row' }] };
  const find = headerFinder(first);
  const index: Record<string, number> = {};
  const errors: ImportRowError[] = [];
  for (const column of columns) {
    const position = find(column.headers);
    if (position !== undefined) index[column.key] = position;
    else if (column.required) {
      errors.push({
        row: first.line,
        column: column.key,
        code: 'MISSING_COLUMN',
        message: `The header has no ${column.key} column (accepted names: ${column.headers.join(', ')})`,
      });
    }
  }
  return errors.length ? { errors } : { index };
}

export function resolveHeader(
  layout: ImportLayout,
  table: RawTable,
): { header: ResolvedHeader } | { errors: ImportRowError[] } {
  const first = table.rows[0];
  if (!first) return { errors: [{ row: 1, column: null, code: 'EMPTY_FILE', message: 'The file has no header row' }] };
  const find = headerFinder(first);
  const errors: ImportRowError[] = [];
  const keyIndex: Record<string, number> = {};
  for (const column of layout.keyColumns) {
    const index = find(column.headers);
    if (index === undefined) {
      errors.push({
        row: first.line,
        column: column.key,
        code: 'MISSING_COLUMN',
        message: `The header has no ${column.key} column (accepted names: ${column.headers.join(', ')})`,
      });
    } else {
      keyIndex[column.key] = index;
    }
  }
  const figures = layout.figureColumns.flatMap((column) => {
    const index = find(column.headers);
    return index === undefined ? [] : [{ column, index }];
  });
  if (!figures.length) {
    errors.push({
      row: first.line,
      column: null,
      code: 'MISSING_COLUMN',
      message: `The header has none of the figure columns of a ${layout.fileType} file: ${layout.figureColumns
        .map((column) => column.key)
        .join(', ')}`,
    });
  }
  return errors.length ? { errors } : { header: { keyIndex, figures } };
}

export function usccOf(cell: string | null): string {
  return (cell ?? '').trim().toUpperCase();
}

/** The data rows' USCCs, to look the firms up in one query. */
export function usccsIn(table: RawTable, header: ResolvedHeader): string[] {
  return [...new Set(table.rows.slice(1).map((row) => usccOf(row.cells[header.keyIndex.uscc] ?? null)))];
}

/**
 * Checks every data row and reports every problem (not just the first), so one corrected file goes through. The
 * values themselves never appear in a message: bureau figures are sensitive.
 */
export function validateRows(
  layout: ImportLayout,
  header: ResolvedHeader,
  table: RawTable,
  firms: ReadonlyMap<string, RegisteredFirm>,
  parkId: string,
): RowValidation {
  const rows: ValidRow[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  const periodKey = layout.period === 'YEAR' ? 'year' : 'month';
  for (const { line, cells } of table.rows.slice(1)) {
    const rowErrors: ImportRowError[] = [];
    const fail = (column: string | null, code: ImportRowError['code'], message: string) =>
      rowErrors.push({ row: line, column, code, message });

    const uscc = usccOf(cells[header.keyIndex.uscc] ?? null);
    const problem = usccProblem(uscc);
    const firm = problem === null ? firms.get(uscc) : undefined;
    if (problem !== null) fail('uscc', 'BAD_KEY', uscc === '' ? 'The USCC is empty' : problem);
    else if (!firm) fail('uscc', 'UNKNOWN_USCC', `No firm is registered with USCC ${uscc}`);
    else if (firm.parkId !== parkId) fail('uscc', 'WRONG_PARK', `The firm with USCC ${uscc} is not in this park`);

    const periodText = (cells[header.keyIndex[periodKey]] ?? '').trim();
    const period = layout.period === 'YEAR' ? parseYear(periodText) : parseMonth(periodText);
    if (period === null) {
      fail(
        periodKey,
        'BAD_KEY',
        layout.period === 'YEAR' ? 'The year must be 2000–2100, e.g. 2025' : 'The month must be YYYY-MM, e.g. 2025-03',
      );
    } else if (layout.period === 'MONTH' && isFutureMonth(String(period))) {
      fail(periodKey, 'BAD_KEY', 'Output cannot be reported for a month that has not begun');
    }

    const values: ValidRow['values'] = [];
    for (const { column, index } of header.figures) {
      const text = cells[index];
      if (text === null || text === undefined || text.trim() === '') continue;
      const value = normaliseDecimal(text, column.scale, column.signed);
      if (value === null) {
        fail(
          column.key,
          'BAD_NUMBER',
          `${column.key} must be a ${column.signed ? '' : 'non-negative '}decimal number (${column.unit}) ` +
            `with at most ${column.scale} decimals and 14 digits before the point`,
        );
      } else {
        values.push({ column, value });
      }
    }

    if (problem === null && period !== null) {
      const key = `${uscc}|${period}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        fail(null, 'DUPLICATE_ROW', `Same USCC and ${periodKey} as line ${earlier}`);
      } else {
        seen.set(key, line);
      }
    }

    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push({ line, firmId: firm!.firmId, period: period!, values });
  }
  return { rows, errors };
}

function parseYear(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : null;
}

/** YYYY-MM, YYYY/MM, YYYYMM, YYYY年M月, or a full date (an Excel date cell): the month's first day. */
function parseMonth(text: string): string | null {
  const match =
    /^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$/.exec(text) ??
    /^(\d{4})(\d{2})$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月$/.exec(text);
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

const PLAIN_DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
const GROUPED_DECIMAL = /^([+-])?(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * The exact decimal a cell holds, or null: plain digits (thousands separators allowed), no exponent, at most
 * `scale` decimals and 14 integer digits (the columns are numeric(18,4) and numeric(16,2)).
 */
export function normaliseDecimal(text: string, scale: number, signed: boolean): string | null {
  const trimmed = text.trim();
  const match = PLAIN_DECIMAL.exec(trimmed) ?? GROUPED_DECIMAL.exec(trimmed);
  if (!match) return null;
  const [, sign, integerPart, fraction = ''] = match;
  const integer = integerPart.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  if (decimals.length > scale || integer.length > 14) return null;
  const negative = sign === '-' && !(integer === '0' && decimals === '');
  if (negative && !signed) return null;
  return `${negative ? '-' : ''}${integer}${decimals ? `.${decimals}` : ''}`;
}
