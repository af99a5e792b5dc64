import { buildZip, repetitiveSheetXml, xlsxParts } from '../../fixtures/zip-builder';
import { loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';

const IMPORT = `mutation ($input: ImportFileInput!) {
  importBureauFile(input: $input) { replayed job { state figuresWritten errors { code message } } }
}`;
const MB = 1024 * 1024;

/** The api runs in this process, so its memory is ours to watch: the peak resident size while `work` runs. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

describe('imports are bounded before parsing', () => {
  let app: TestApp;
  let tokens: Tokens;
  const importXlsx = (bytes: Buffer, fileName: string) =>
    app.gql<{ importBureauFile: { job: { state: string; figuresWritten: number } } }>(
      IMPORT,
      { input: { fileType: 'TAX_BUREAU', format: 'XLSX', fileName, contentBase64: bytes.toString('base64') } },
      tokens.parkAdminA,
    );
  const figureCount = async () =>
    Number((await app.dataSource.query('SELECT count(*)::int AS n FROM firm_annual_figures'))[0].n);

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('imports an honest hand-made workbook (the control: the bombs below differ only in size)', async () => {
    const sheet = `<worksheet><sheetData>
      <row r="1"><c t="inlineStr"><is><t>uscc</t></is></c><c t="inlineStr"><is><t>year</t></is></c><c t="inlineStr"><is><t>taxPaid</t></is></c></row>
      <row r="2"><c t="inlineStr"><is><t>${USCC.firmA1}</t></is></c><c><v>2024</v></c><c><v>12.5</v></c></row>
    </sheetData></worksheet>`;
    const imported = dataOf(await importXlsx(buildZip(xlsxParts(sheet)), 'honest.xlsx')).importBureauFile;
    expect(imported.job).toMatchObject({ state: 'SUCCEEDED', figuresWritten: 1 });
  });

  it('refuses a zip bomb (30 MB of sheet XML in a ~100 KB file) as BAD_USER_INPUT, memory flat', async () => {
    const bomb = buildZip(xlsxParts(repetitiveSheetXml(300_000)));
    expect(bomb.length).toBeLessThan(200_000);
    const figuresBefore = await figureCount();
    const jobsBefore = await app.dataSource.query('SELECT count(*)::int AS n FROM import_jobs');

    const { result, growthMb } = await peakRssGrowth(() => importXlsx(bomb, 'bomb.xlsx'));
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    expect(result.errors?.[0].message).toMatch(/compressed \d+:1/);
    // Refused from the ZIP directory: nothing inflated, no job started, nothing written.
    expect(growthMb).toBeLessThan(40);
    expect(await figureCount()).toBe(figuresBefore);
    expect(await app.dataSource.query('SELECT count(*)::int AS n FROM import_jobs')).toEqual(jobsBefore);
  });

  it('refuses a bomb whose directory lies about its size the moment inflating passes it, memory flat', async () => {
    const liar = buildZip(xlsxParts(repetitiveSheetXml(300_000), 256 * 1024));
    const figuresBefore = await figureCount();

    const { result, growthMb } = await peakRssGrowth(() => importXlsx(liar, 'liar.xlsx'));
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    expect(result.errors?.[0].message).toMatch(/unpacks to more than its archive says/);
    expect(growthMb).toBeLessThan(40);
    expect(await figureCount()).toBe(figuresBefore);
    const [job] = await app.dataSource.query(`SELECT state, errors FROM import_jobs WHERE file_name = 'liar.xlsx'`);
    expect(job).toMatchObject({ state: 'FAILED', errors: [expect.objectContaining({ code: 'TOO_LARGE' })] });
  });

  it('keeps answering afterwards', async () => {
    const response: GraphqlResponse = await app.gql('{ me { id } }', {}, tokens.parkAdminA);
    expect(response.errors).toBeUndefined();
  });
});
