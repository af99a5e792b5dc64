import ExcelJS from 'exceljs';
import { dataOf, GraphqlResponse, TestApp } from '../../support/test-app';

/** One helper per output operation, each sending the GraphQL document a client would send. */

export type Cell = string | number | null;

/** A bureau workbook, built the way a bureau's export would be: one sheet, a header row, numbers as numbers. */
export async function xlsxBase64(rows: Cell[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导出数据');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

export function csvBase64(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
}

export const JOB_FIELDS = `id parkId fileType format fileName contentHash byteSize state rowsTotal rowsProcessed figuresWritten
  errorCount errors { row column code message } createdAt finishedAt`;

export interface ImportJobView {
  id: string;
  state: string;
  rowsTotal: number;
  rowsProcessed: number;
  figuresWritten: number;
  errorCount: number;
  errors: { row: number; column: string | null; code: string; message: string }[];
}

export function importRequest(
  app: TestApp,
  token: string,
  input: { fileType: string; format: 'CSV' | 'XLSX'; fileName: string; contentBase64: string },
) {
  return app.gql<{ importBureauFile: { replayed: boolean; job: ImportJobView } }>(
    `mutation ($input: ImportFileInput!) { importBureauFile(input: $input) { replayed job { ${JOB_FIELDS} } } }`,
    { input },
    token,
  );
}

export async function importFile(app: TestApp, token: string, input: Parameters<typeof importRequest>[2]) {
  return dataOf(await importRequest(app, token, input)).importBureauFile;
}

export const FIGURE_FIELDS =
  'id firmId year kind unit value source importJobId auditState returnReason reviewedAt createdAt supersededAt';

export const SHEET_FIELDS = `firmId firmName uscc year confirmed confirmedAt figures { ${FIGURE_FIELDS} } missingKinds pendingCount returnedCount`;

export interface SheetView {
  firmId: string;
  confirmed: boolean;
  figures: {
    id: string;
    kind: string;
    value: string;
    source: string;
    importJobId: string | null;
    auditState: string;
    returnReason: string | null;
  }[];
  missingKinds: string[];
  pendingCount: number;
  returnedCount: number;
}

export function sheetRequest(app: TestApp, token: string, firmId: string, year: number) {
  return app.gql<{ yearSheet: SheetView }>(
    `query ($firmId: ID!, $year: Int!) { yearSheet(firmId: $firmId, year: $year) { ${SHEET_FIELDS} } }`,
    { firmId, year },
    token,
  );
}

export async function sheet(app: TestApp, token: string, firmId: string, year: number): Promise<SheetView> {
  return dataOf(await sheetRequest(app, token, firmId, year)).yearSheet;
}

export function reportFiguresRequest(
  app: TestApp,
  token: string,
  year: number,
  figures: { kind: string; value: string }[],
  firmId?: string,
) {
  return app.gql<{ reportAnnualFigures: SheetView }>(
    `mutation ($input: ReportAnnualFiguresInput!) { reportAnnualFigures(input: $input) { ${SHEET_FIELDS} } }`,
    { input: { year, figures, ...(firmId ? { firmId } : {}) } },
    token,
  );
}

export function reviewRequest(app: TestApp, token: string, figureIds: string[], decision: string, reason?: string) {
  return app.gql<{ reviewFigures: { reviewed: number; auditState: string } }>(
    `mutation ($input: ReviewFiguresInput!) { reviewFigures(input: $input) { reviewed auditState } }`,
    { input: { figureIds, decision, ...(reason ? { reason } : {}) } },
    token,
  );
}

export function confirmRequest(app: TestApp, token: string, year: number, firmId?: string) {
  return app.gql<{ confirmYearSheet: SheetView }>(
    `mutation ($input: ConfirmYearSheetInput!) { confirmYearSheet(input: $input) { ${SHEET_FIELDS} } }`,
    { input: { year, ...(firmId ? { firmId } : {}) } },
    token,
  );
}

export async function countRows(app: TestApp, table: string): Promise<number> {
  const [{ count }] = await app.dataSource.query(`SELECT COUNT(*)::int AS count FROM ${table}`);
  return count;
}

/** What the refusal tests assert: the error code, and no data. */
export function refusal(response: GraphqlResponse): { code: string | undefined; data: unknown } {
  const data = response.data ? Object.values(response.data)[0] : null;
  return { code: response.errors?.[0]?.extensions?.code, data: data ?? null };
}
