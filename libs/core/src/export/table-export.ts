import ExcelJS from 'exceljs';

export enum ExportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}

export interface ExportColumn {
  header: string;
  /** Decimal columns go to XLSX as numbers when that is exact (≤ 15 significant digits), else as text. */
  kind?: 'text' | 'decimal' | 'integer';
  width?: number;
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  contentBase64: string;
  rowCount: number;
}

export type ExportCell = string | number | null;

const EXACT_AS_DOUBLE = /^-?\d+(\.\d+)?$/;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One table as a file: CSV (UTF-8 with a BOM, so Excel shows Chinese) or a one-sheet XLSX workbook. */
export async function exportTable(
  format: ExportFormat,
  baseName: string,
  columns: ExportColumn[],
  rows: ExportCell[][],
): Promise<ExportedFile> {
  const bytes = format === ExportFormat.CSV ? csvBytes(columns, rows) : await xlsxBytes(baseName, columns, rows);
  return {
    fileName: `${baseName}.${format.toLowerCase()}`,
    contentType: CONTENT_TYPES[format],
    contentBase64: bytes.toString('base64'),
    rowCount: rows.length,
  };
}

/** What a spreadsheet would read as the start of a formula (or DDE payload) in a CSV cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV cell as text a spreadsheet shows but never runs: a cell that would start a formula is prefixed with an
 * apostrophe (OWASP's CSV-injection advice), except a plain number in a numeric column, which is data.
 */
export function csvField(value: ExportCell, column?: ExportColumn): string {
  if (value === null) return '';
  let text = String(value);
  const numeric =
    typeof value === 'number' || (column?.kind !== undefined && column.kind !== 'text' && EXACT_AS_DOUBLE.test(text));
  if (!numeric && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvBytes(columns: ExportColumn[], rows: ExportCell[][]): Buffer {
  const lines = [columns.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(row.map((value, index) => csvField(value, columns[index])).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

function xlsxCell(value: ExportCell, column: ExportColumn): ExcelJS.CellValue {
  if (value === null || typeof value === 'number') return value;
  if (column.kind === 'decimal' || column.kind === 'integer') {
    const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
    if (EXACT_AS_DOUBLE.test(value) && digits.length <= 15) return Number(value);
  }
  return value;
}

async function xlsxBytes(sheetName: string, columns: ExportColumn[], rows: ExportCell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '-'));
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value, index) => xlsxCell(value, columns[index])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
