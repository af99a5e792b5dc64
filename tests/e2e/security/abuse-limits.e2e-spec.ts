import { createLogger, EXPENSIVE_FIELDS_BUDGET, loadConfig } from '@vg/core';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCsv } from '@vg/output';
import { graphqlOptions } from '../../../apps/api/src/graphql/graphql-options';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, outcomeCode, startTestApp, TestApp } from '../../support/test-app';
import { uniqueUscc } from '../../support/unique';

const PREVIEW_FIELDS = 'feasible';

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
const previewInput = (key: string) => ({
  idempotencyKey: key,
  product: 'T-shirt',
  quantity: 100,
  route: [{ processCode: 'SEWING', leadDays: 1, maxUnitPrice: '20.00' }],
  earliestStart: '2027-01-10',
  dueDate: '2027-01-20',
});
const QUOTE_WEIGHT = 30;
const QUOTES_PER_MINUTE = 30;

describe('abuse limits', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  describe('CSV exports', () => {
    const hostile = ['=HYPERLINK("http://evil.example","点我")', '@SUM(1+1)*cmd|" /C calc"!A0', '+86 571 0000', '-1+1'];

    it('neutralise every cell that would start a formula, from names the park stored', async () => {
      for (const name of hostile) {
        const created = await app.gql(
          'mutation ($input: CreateFirmInput!) { createFirm(input: $input) { id } }',
          {
            input: {
              parkId: IDS.parkA,
              uscc: uniqueUscc(),
              name,
              industryCode: '18',
              industryGroup: '纺织服装',
              employees: 5,
              address: '=1+1',
              joinedOn: '2025-01-01',
              processCodes: ['SEWING'],
              scales: [],
            },
          },
          tokens.parkAdminA,
        );
        dataOf(created);
      }
      const exported = dataOf(
        await app.gql<{ exportYearSheets: { contentBase64: string } }>(
          'query { exportYearSheets(year: 2025, format: CSV) { contentBase64 } }',
          {},
          tokens.parkAdminA,
        ),
      ).exportYearSheets;
      const table = readCsv(Buffer.from(exported.contentBase64, 'base64'));
      const names = table.rows.map((row) => row.cells[1]);
      for (const name of hostile) expect(names).toContain(`'${name}`);
      const cells = table.rows.flatMap((row) => row.cells).filter((cell): cell is string => cell !== null);
      expect(cells).not.toHaveLength(0);
      for (const cell of cells) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    });
  });

  describe('quotes', () => {
    const aliased = (count: number) =>
      `query ($input: PostOrderInput!) { ${Array.from(
        { length: count },
        (_, index) => `q${index}: previewQuote(input: $input) { ${PREVIEW_FIELDS} }`,
      ).join(' ')} }`;
    const bucketHits = async (userEmail: string) => {
      const rows = await app.dataSource.query(
        `SELECT b.hits FROM rate_limit_buckets b JOIN users u ON b.subject = 'user:' || u.id WHERE u.email = $1 AND b.bucket = 'quote'`,
        [userEmail],
      );
      return rows[0]?.hits ?? 0;
    };

    it(`weigh ${QUOTE_WEIGHT} each: a document holds ${Math.floor(EXPENSIVE_FIELDS_BUDGET / QUOTE_WEIGHT)}`, async () => {
      const allowed = Math.floor(EXPENSIVE_FIELDS_BUDGET / QUOTE_WEIGHT);
      const fits = await app.gql<Record<string, { feasible: boolean }>>(
        aliased(allowed),
        { input: previewInput('cost-fits') },
        tokens.buyer1,
      );
      expect(Object.keys(dataOf(fits))).toHaveLength(allowed);

      const before = await bucketHits('buyer1@vg.test');
      const tooMany = await app.gql(aliased(allowed + 1), { input: previewInput('cost-too-many') }, tokens.buyer1);
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooMany.errors?.[0].message).toMatch(/previewQuote costs 30/);
      expect(tooMany.data ?? null).toBeNull();
      // Refused before running: not one quote was counted.
      expect(await bucketHits('buyer1@vg.test')).toBe(before);
    });

    it(`allow ${QUOTES_PER_MINUTE} a minute per user, then RATE_LIMITED, without touching other users`, async () => {
      const codes: string[] = [];
      for (let index = 0; index <= QUOTES_PER_MINUTE; index++) {
        const response = await app.gql(
          `query ($input: PostOrderInput!) { previewQuote(input: $input) { ${PREVIEW_FIELDS} } }`,
          { input: previewInput(`rate-limit-${index}`) },
          tokens.buyer2,
        );
        codes.push(outcomeCode(response));
      }
      expect(codes.slice(0, QUOTES_PER_MINUTE)).toEqual(Array(QUOTES_PER_MINUTE).fill('OK'));
      expect(codes[QUOTES_PER_MINUTE]).toBe('RATE_LIMITED');
      const other = await app.gql(
        `query ($input: PostOrderInput!) { previewQuote(input: $input) { ${PREVIEW_FIELDS} } }`,
        { input: previewInput('other-user') },
        tokens.platformAdmin,
      );
      dataOf(other);
    });
  });

  describe('facts in the future', () => {
    const nextMonth = () => {
      const now = new Date(Date.now() + 8 * 3_600_000);
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      return next.toISOString().slice(0, 7);
    };

    it.each([
      ['next month', nextMonth()],
      ['2099', '2099-01'],
    ])('refuse monthly output for %s as BAD_USER_INPUT naming the month, writing nothing', async (_when, month) => {
      const before = await app.dataSource.query('SELECT count(*)::int AS n FROM firm_monthly_output');
      const response = await app.gql(
        'mutation ($input: ReportMonthlyOutputInput!) { reportMonthlyOutput(input: $input) { month } }',
        { input: { month, outputValue: '1000.00' } },
        tokens.ownerA1,
      );
      expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'month' });
      expect(await app.dataSource.query('SELECT count(*)::int AS n FROM firm_monthly_output')).toEqual(before);
    });
  });

  describe('field resolvers', () => {
    it('each declares its roles, so the guard that runs on them has a rule to apply', () => {
      const found: string[] = [];
      const undeclared: string[] = [];
      for (const file of sourceFiles(join(__dirname, '../../../libs'))) {
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, index) => {
          if (!line.includes('@ResolveField(')) return;
          // The decorators stacked on the same method: up to the previous member, down to the method itself.
          let first = index;
          while (first > 0 && !/^\s*(}|$)/.test(lines[first - 1]) && !/[;{]\s*$/.test(lines[first - 1])) first--;
          let last = index;
          while (last < lines.length - 1 && !/\)\s*(:\s*[^{]+)?\{\s*$/.test(lines[last])) last++;
          const method = /^\s*(?:async\s+)?(\w+)\(/m.exec(lines.slice(index + 1, last + 1).join('\n'))?.[1];
          const name = `${basename(file)}:${method}`;
          found.push(name);
          if (!/@(Roles|Public)\(/.test(lines.slice(first, last + 1).join('\n'))) undeclared.push(name);
        });
      }
      expect(found).toEqual(
        expect.arrayContaining([
          'orders.resolver.ts:stages',
          'orders.resolver.ts:history',
          'matching.resolver.ts:proposalsOf',
        ]),
      );
      expect(undeclared).toEqual([]);
    });

    it('pass through the guard and the argument rules (Nest runs them on field resolvers only when told)', () => {
      const options = graphqlOptions(loadConfig({ ...process.env, NODE_ENV: 'test' }), createLogger('silent'));
      expect(options.fieldResolverEnhancers).toEqual(expect.arrayContaining(['guards', 'interceptors']));
    });
  });
});
