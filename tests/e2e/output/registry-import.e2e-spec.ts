/**
 * A park's real data in, as a park administrator would bring it: the market-regulation registry of 1,000 firms, the
 * natural-resources bureau's land table, the statistics bureau's 规上 list and the tax bureau's figures (as a GBK
 * CSV from Excel on a Chinese Windows and as an XLSX written by openpyxl), all through the upload route; then a round
 * computed over them without a single per-firm mutation.
 */
import { HUANGYAN_2022_SCHEME_ID } from '@vg/evaluation';
import Decimal from 'decimal.js';
import {
  csv,
  firmRegistryRows,
  landRegistryRows,
  powerRows,
  registryFirm,
  registryFirms,
  registryUscc,
  scaleListRows,
  taxOf,
  xlsx,
} from '../../fixtures/registry-files';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { computeRound, result, ROUND_FIELDS, RoundView } from '../evaluation/evaluation-operations';
import { countRows, sheet } from './output-operations';
import { importFixture, upload, UploadAnswer, uploaded } from './upload-operations';

const FIRMS = registryFirms(1000);
const SEEDED_FIRMS_OF_PARK_A = 2;

interface FirmView {
  id: string;
  uscc: string;
  name: string;
  industryCode: string;
  industryGroup: string;
  legalRepresentative: string | null;
  registeredOn: string | null;
  siteLatitude: string | null;
  siteLongitude: string | null;
  employees: number | null;
  joinedOn: string | null;
  scales: { year: number; scale: string }[];
  landAreaMuExact: string;
  landPlots: {
    certificateNo: string;
    areaUnit: string;
    area: string;
    areaM2: string;
    areaMu: string;
    tenure: string;
    lessor: string | null;
    landUse: string | null;
  }[];
}

const FIRM_FIELDS = `id uscc name industryCode industryGroup legalRepresentative registeredOn siteLatitude siteLongitude
  employees joinedOn scales { year scale } landAreaMuExact
  landPlots { certificateNo areaUnit area areaM2 areaMu tenure lessor landUse }`;

async function firmByUscc(app: TestApp, token: string, uscc: string): Promise<FirmView> {
  const response = await app.gql<{ firms: { nodes: FirmView[] } }>(
    `query ($search: String!) { firms(first: 1, filter: { search: $search }) { nodes { ${FIRM_FIELDS} } } }`,
    { search: uscc },
    token,
  );
  const [firm] = dataOf(response).firms.nodes;
  if (!firm) throw new Error(`no firm ${uscc}`);
  return firm;
}

async function firmCount(app: TestApp, token: string): Promise<number> {
  return dataOf(await app.gql<{ firms: { totalCount: number } }>('{ firms(first: 1) { totalCount } }', {}, token)).firms
    .totalCount;
}

describe('a park’s registry, land, scales and figures imported from the bureaus’ files', () => {
  let app: TestApp;
  let tokens: Tokens;
  /** Park A's files, imported once through the upload route; each test checks what one of them did. */
  let imported: Record<'firms' | 'land' | 'scales' | 'tax', NonNullable<UploadAnswer['data']>>;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const send = (fileType: string, fileName: string, bytes: Buffer) =>
      uploaded(app, tokens.parkAdminA, { fileType, fileName, bytes });
    imported = {
      firms: await send('FIRM_REGISTRY', '临平区企业登记信息.csv', csv(firmRegistryRows(FIRMS), true)),
      land: await send('LAND_REGISTRY', '土地使用权.xlsx', await xlsx(landRegistryRows(FIRMS))),
      scales: await send('SCALE_LIST', '2025年规上工业企业名录.csv', csv(scaleListRows(FIRMS, 2025))),
      tax: await send('TAX_BUREAU', '2025年度税收.csv', importFixture('tax-2025.gbk.csv')),
    };
  });
  afterAll(() => app.close());

  describe('the market-regulation registry of 1,000 firms', () => {
    it('adds every firm by USCC with the registry’s facts, and invites each reachable owner once', async () => {
      const answer = imported.firms;
      const reachable = FIRMS.filter((firm) => firm.ownerEmail || firm.ownerPhone);
      expect(answer.replayed).toBe(false);
      expect(answer.job).toMatchObject({
        fileType: 'FIRM_REGISTRY',
        format: 'CSV',
        fileName: '临平区企业登记信息.csv',
        state: 'SUCCEEDED',
        rowsTotal: 1000,
        rowsProcessed: 1000,
        recordsCreated: 1000,
        recordsUpdated: 0,
        invitationsIssued: reachable.length,
        encoding: 'UTF-8 (BOM)',
        errorCount: 0,
      });
      expect(answer.invitations).toHaveLength(reachable.length);
      expect(await firmCount(app, tokens.parkAdminA)).toBe(SEEDED_FIRMS_OF_PARK_A + 1000);

      const seventh = registryFirm(7);
      expect(await firmByUscc(app, tokens.parkAdminA, seventh.uscc)).toMatchObject({
        uscc: seventh.uscc,
        name: seventh.name,
        industryCode: '17',
        industryGroup: '纺织业',
        legalRepresentative: seventh.legalRepresentative,
        registeredOn: seventh.registeredOn,
        siteLatitude: seventh.latitude,
        siteLongitude: seventh.longitude,
        employees: null,
        joinedOn: null,
      });
    });

    it('invites by email or by phone; an owner invited by phone names an email to sign in with', async () => {
      const byPhone = imported.firms.invitations.find((invitation) => invitation.phone && !invitation.email);
      expect(byPhone).toBeDefined();
      const accept = (email?: string) =>
        app.gql<{ acceptInvitation: { user: { role: string; firmId: string } } }>(
          `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { user { role firmId } } }`,
          {
            input: {
              token: byPhone!.token,
              password: 'Owner-Password-1',
              displayName: '王建国',
              ...(email ? { email } : {}),
            },
          },
        );
      const withoutEmail = await accept();
      expect(withoutEmail.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
      expect(dataOf(await accept('owner-by-phone@firms.example')).acceptInvitation.user).toEqual({
        role: 'SME_OWNER',
        firmId: byPhone!.firmId,
      });
    });

    it('changes nothing when the same file comes again, and updates rather than duplicates from a changed copy', async () => {
      const again = await uploaded(app, tokens.parkAdminA, {
        fileType: 'FIRM_REGISTRY',
        fileName: 'copy.csv',
        bytes: csv(firmRegistryRows(FIRMS), true),
      });
      expect(again).toMatchObject({ replayed: true, invitations: [] });

      const moved = FIRMS.map((firm) => (firm.serial <= 10 ? { ...firm, address: `${firm.address}（新址）` } : firm));
      const changed = await uploaded(app, tokens.parkAdminA, {
        fileType: 'FIRM_REGISTRY',
        fileName: '企业登记信息-更新.xlsx',
        bytes: await xlsx(firmRegistryRows(moved)),
      });
      expect(changed.replayed).toBe(false);
      expect(changed.job).toMatchObject({
        state: 'SUCCEEDED',
        recordsCreated: 0,
        recordsUpdated: 10,
        invitationsIssued: 0,
      });
      expect(changed.invitations).toEqual([]);
      expect(await firmCount(app, tokens.parkAdminA)).toBe(SEEDED_FIRMS_OF_PARK_A + 1000);
    });

    it('refuses a broken registry whole, naming each row and column, and writes nothing', async () => {
      const firmsBefore = await countRows(app, 'firms');
      const rows = firmRegistryRows(
        registryFirms(12).map((firm) => ({ ...firm, uscc: registryUscc(firm.serial + 5000) })),
      );
      rows[2][0] = `${String(rows[2][0]).slice(0, 17)}0`; // line 3: a mistyped check character
      rows[4][3] = '2019/2/30'; // line 5: no such day
      rows[6][0] = rows[5][0]; // line 7: the USCC of line 6 again
      rows[8][1] = ''; // line 9: no name
      rows[10][7] = ''; // line 11: a latitude without its longitude
      rows[11][4] = '餐饮'; // line 12: not a GB/T 4754 code
      const answer = await uploaded(app, tokens.parkAdminA, {
        fileType: 'FIRM_REGISTRY',
        fileName: 'broken.csv',
        bytes: csv(rows),
      });
      expect(answer.job).toMatchObject({ state: 'FAILED', rowsTotal: 12, recordsCreated: 0, encoding: 'UTF-8' });
      expect(answer.job.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
        { row: 3, column: 'uscc', code: 'BAD_KEY' },
        { row: 5, column: 'registeredOn', code: 'BAD_VALUE' },
        { row: 7, column: null, code: 'DUPLICATE_ROW' },
        { row: 9, column: 'name', code: 'MISSING_VALUE' },
        { row: 11, column: 'longitude', code: 'MISSING_VALUE' },
        { row: 12, column: 'industryCode', code: 'BAD_VALUE' },
      ]);
      expect(answer.invitations).toEqual([]);
      expect(await countRows(app, 'firms')).toBe(firmsBefore);
    });
  });

  describe('the natural-resources bureau’s land table', () => {
    it('records each plot in the unit it was tabled in; 5.03 mu stays 5.03 mu', async () => {
      const answer = imported.land;
      const withLand = FIRMS.filter((firm) => firm.land).length;
      expect(answer.job).toMatchObject({
        state: 'SUCCEEDED',
        rowsTotal: withLand + 1,
        recordsCreated: withLand + 1,
        encoding: null,
      });

      const first = await firmByUscc(app, tokens.parkAdminA, registryUscc(1));
      expect(first.landPlots).toEqual([
        expect.objectContaining({
          areaUnit: 'MU',
          area: '5.0300',
          areaMu: '5.0300',
          areaM2: '3353.33',
          tenure: 'OWNED',
        }),
      ]);
      expect(first.landAreaMuExact).toBe('5.03');
      const second = await firmByUscc(app, tokens.parkAdminA, registryUscc(2));
      expect(second.landPlots).toEqual([
        expect.objectContaining({
          areaUnit: 'M2',
          area: registryFirm(2).land!.areaM2,
          areaM2: registryFirm(2).land!.areaM2,
        }),
      ]);
      const ninth = await firmByUscc(app, tokens.parkAdminA, registryUscc(9));
      expect(ninth.landPlots[0]).toMatchObject({
        tenure: 'LEASED',
        lessor: '临平区某村股份经济合作社',
        landUse: '工业用地',
      });
      const tenant = await firmByUscc(app, tokens.parkAdminA, registryUscc(4));
      expect(tenant.landPlots.map((plot) => plot.certificateNo).sort()).toEqual(
        [registryFirm(3).land!.certificateNo, registryFirm(4).land!.certificateNo].sort(),
      );
    });

    it('refuses rows that are not land as tabled: an unknown firm, disagreeing units, too many decimals', async () => {
      const plotsBefore = await countRows(app, 'land_plots');
      const answer = await uploaded(app, tokens.parkAdminA, {
        fileType: 'LAND_REGISTRY',
        fileName: 'land-broken.csv',
        bytes: csv([
          ['不动产权证号', '统一社会信用代码', '面积(亩)', '面积(平方米)'],
          ['X-1', registryUscc(9999), '3', null],
          ['X-2', registryUscc(1), '5.03', '3400.00'],
          ['X-3', registryUscc(2), '5.03125', null],
          ['X-4', registryUscc(3), '5.03', '3353.33'],
        ]),
      });
      expect(answer.job.state).toBe('FAILED');
      expect(answer.job.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
        { row: 2, column: 'uscc', code: 'UNKNOWN_USCC' },
        { row: 3, column: 'areaM2', code: 'BAD_VALUE' },
        { row: 4, column: 'areaMu', code: 'BAD_VALUE' },
      ]);
      expect(await countRows(app, 'land_plots')).toBe(plotsBefore);
    });
  });

  describe('the statistics bureau’s list of 规上 firms', () => {
    it('makes every listed firm 规上 for the year and every other firm of the park 规下, audited', async () => {
      const listed = FIRMS.filter((firm) => firm.aboveScale);
      const answer = imported.scales;
      // A1 was seeded 规上 for 2025 and is not on the list: it becomes 规下; A2 had no scale.
      expect(answer.job).toMatchObject({
        state: 'SUCCEEDED',
        rowsTotal: listed.length,
        recordsCreated: 1000 + 1,
        recordsUpdated: 1,
      });
      expect((await firmByUscc(app, tokens.parkAdminA, registryUscc(5))).scales).toEqual([
        { year: 2025, scale: 'ABOVE' },
      ]);
      expect((await firmByUscc(app, tokens.parkAdminA, registryUscc(6))).scales).toEqual([
        { year: 2025, scale: 'BELOW' },
      ]);

      const trail = dataOf(
        await app.gql<{
          auditTrail: {
            nodes: {
              subject: string;
              action: string;
              beforeJson: string;
              afterJson: string;
              importJobId: string;
              actorRole: string;
            }[];
          };
        }>(
          `query ($filter: AuditTrailFilterInput) { auditTrail(first: 10, filter: $filter) {
             nodes { subject action beforeJson afterJson importJobId actorRole } } }`,
          { filter: { firmId: IDS.firmA1, subject: 'FIRM_SCALE' } },
          tokens.parkAdminA,
        ),
      ).auditTrail.nodes;
      expect(trail).toEqual([
        {
          subject: 'FIRM_SCALE',
          action: 'CHANGED',
          beforeJson: JSON.stringify({ scale: 'ABOVE' }),
          afterJson: JSON.stringify({ scale: 'BELOW' }),
          importJobId: answer.job.id,
          actorRole: 'PARK_ADMIN',
        },
      ]);
    });
  });

  describe('the tax bureau’s figures, from files written by other tools than ours', () => {
    it('reads Excel’s GBK CSV (detected, and said so on the job)', async () => {
      expect(imported.tax.job).toMatchObject({
        state: 'SUCCEEDED',
        rowsTotal: 1000,
        figuresWritten: 1000,
        encoding: 'GB18030',
      });
    });

    it('reads the same figures from openpyxl’s XLSX identically: nothing differs, so nothing is written', async () => {
      const answer = await uploaded(app, tokens.parkAdminA, {
        fileType: 'TAX_BUREAU',
        fileName: '2025年度税收.xlsx',
        bytes: importFixture('tax-2025.openpyxl.xlsx'),
      });
      expect(answer.job).toMatchObject({ state: 'SUCCEEDED', rowsTotal: 1000, figuresWritten: 0, encoding: null });
      for (const serial of [1, 5, 500, 1000]) {
        const firm = await firmByUscc(app, tokens.parkAdminA, registryUscc(serial));
        const { figures } = await sheet(app, tokens.parkAdminA, firm.id, 2025);
        expect(figures).toEqual([
          expect.objectContaining({
            kind: 'TAX_PAID',
            value: new Decimal(taxOf(serial)).toFixed(4),
            source: 'IMPORTED',
            importJobId: imported.tax.job.id,
          }),
        ]);
      }
    });
  });

  describe('a round over the imported park', () => {
    let round: RoundView;

    beforeAll(async () => {
      await uploaded(app, tokens.parkAdminA, {
        fileType: 'POWER',
        fileName: '2025年度用电量.csv',
        bytes: csv(powerRows(FIRMS, 2025)),
      });
      round = dataOf(
        await app.gql<{ createEvaluationRound: RoundView }>(
          `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { ${ROUND_FIELDS} } }`,
          { input: { year: 2025, schemeId: HUANGYAN_2022_SCHEME_ID } },
          tokens.parkAdminA,
        ),
      ).createEvaluationRound;
    });

    it('says what it would do: sheets unconfirmed block; figures pending, firms without land and a shared plot warn', async () => {
      const readiness = dataOf(
        await app.gql<{
          evaluationRoundReadiness: {
            computable: boolean;
            findings: { code: string; blocking: boolean; overrideArgument: string | null; firms: number }[];
          };
        }>(
          `query ($id: ID!) { evaluationRoundReadiness(id: $id) { computable findings { code blocking overrideArgument firms } } }`,
          { id: round.id },
          tokens.parkAdminA,
        ),
      ).evaluationRoundReadiness;
      expect(readiness.computable).toBe(false);
      expect(readiness.findings).toEqual([
        { code: 'UNCONFIRMED_SHEETS', blocking: true, overrideArgument: 'allowUnconfirmedSheets', firms: 1000 },
        { code: 'PENDING_FIGURES', blocking: false, overrideArgument: null, firms: 1000 },
        { code: 'WITHOUT_LAND', blocking: false, overrideArgument: null, firms: 20 },
        { code: 'SHARED_PLOT', blocking: false, overrideArgument: null, firms: 2 },
      ]);
      const landless = dataOf(
        await app.gql<{ evaluationRoundReadinessFirms: { totalCount: number; nodes: { uscc: string }[] } }>(
          `query ($id: ID!) { evaluationRoundReadinessFirms(id: $id, issue: WITHOUT_LAND, first: 100) { totalCount nodes { uscc } } }`,
          { id: round.id },
          tokens.parkAdminA,
        ),
      ).evaluationRoundReadinessFirms;
      expect(landless.totalCount).toBe(20);
      expect(landless.nodes.map((firm) => firm.uscc)).toEqual(
        FIRMS.filter((firm) => !firm.land)
          .map((firm) => firm.uscc)
          .sort(),
      );
    });

    it('is refused as readiness says, then computed on the admin’s say-so with no per-firm mutation', async () => {
      const refused = await computeRound(app, tokens.parkAdminA, round.id, false);
      expect(refused.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'allowUnconfirmedSheets' });

      const computed = dataOf(await computeRound(app, tokens.parkAdminA, round.id, true)).computeEvaluationRound;
      expect(computed).toMatchObject({ status: 'COMPUTED', firmCount: 1000 });
      expect(computed.graded).toBeGreaterThan(900);
      const warnings = dataOf(
        await app.gql<{ evaluationRound: { computeWarnings: string[]; assumedBelowScale: number } }>(
          'query ($id: ID!) { evaluationRound(id: $id) { computeWarnings assumedBelowScale } }',
          { id: round.id },
          tokens.parkAdminA,
        ),
      ).evaluationRound;
      expect(warnings.assumedBelowScale).toBe(0);
      expect(warnings.computeWarnings).toHaveLength(4);
      expect(warnings.computeWarnings[0]).toMatch(/overridden$/);
    });

    it('grades the firm of 5.03 mu on exactly 5.03 mu', async () => {
      const firm = await firmByUscc(app, tokens.parkAdminA, registryUscc(1));
      const graded = await result(app, tokens.parkAdminA, round.id, firm.id);
      expect(graded.status).toBe('GRADED');
      expect(graded.figures).toContainEqual(expect.objectContaining({ figure: 'landMu', value: '5.03' }));
      const taxPerMu = graded.graded!.indicators.find((indicator) => indicator.indicatorId === 'taxPerMu');
      expect(taxPerMu?.value).toBe(new Decimal(taxOf(1)).dividedBy('5.03').toDecimalPlaces(6).toFixed(6));
    });
  });

  describe('the upload route', () => {
    it('takes a 5 MB file (five times the JSON body limit): another park’s registry with long remarks', async () => {
      const otherFirms = registryFirms(2000).slice(1000);
      const bytes = csv(firmRegistryRows(otherFirms, '备注'.repeat(1750)));
      expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
      const answer = await uploaded(app, tokens.parkAdminB, { fileType: 'FIRM_REGISTRY', fileName: 'big.csv', bytes });
      expect(answer.job).toMatchObject({
        state: 'SUCCEEDED',
        rowsTotal: 1000,
        recordsCreated: 1000,
        byteSize: bytes.length,
      });
    });

    it.each([
      ['without a token', null, 401, 'UNAUTHENTICATED'],
      ['as an owner', 'ownerA1', 403, 'FORBIDDEN'],
      ['as a buyer', 'buyer1', 403, 'FORBIDDEN'],
    ] as const)('refuses %s, writing nothing', async (_situation, caller, status, code) => {
      const jobs = await countRows(app, 'import_jobs');
      const answer = await upload(app, caller ? tokens[caller] : null, {
        fileType: 'SCALE_LIST',
        fileName: 'list.csv',
        bytes: csv(scaleListRows(FIRMS, 2024)),
      });
      expect(answer).toMatchObject({ status, errors: [{ extensions: { code } }] });
      expect(await countRows(app, 'import_jobs')).toBe(jobs);
    });

    it.each([
      ['an unknown file type', { fileType: 'GOSSIP', fileName: 'x.csv' }, 'fileType'],
      ['a file name that says no format', { fileType: 'TAX_BUREAU', fileName: 'taxes' }, 'format'],
    ])('answers %s as BAD_USER_INPUT naming the field', async (_situation, file, field) => {
      const answer = await upload(app, tokens.parkAdminA, { ...file, bytes: csv([['uscc']]) });
      expect(answer).toMatchObject({ status: 400, errors: [{ extensions: { code: 'BAD_USER_INPUT', field } }] });
    });

    it('refuses a file over its own cap (IMPORT_MAX_BYTES) with 413, creating no job', async () => {
      const small = await startTestApp({ IMPORT_MAX_BYTES: String(1024 * 1024) }, app.databaseUrl);
      try {
        const jobs = await countRows(app, 'import_jobs');
        const answer = await upload(small, tokens.parkAdminA, {
          fileType: 'FIRM_REGISTRY',
          fileName: 'too-big.csv',
          bytes: csv(firmRegistryRows(FIRMS, '备注'.repeat(400))),
        });
        expect(answer).toMatchObject({
          status: 413,
          errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'file' } }],
        });
        expect(await countRows(app, 'import_jobs')).toBe(jobs);
      } finally {
        await small.close();
      }
    });

    it('leaves the GraphQL route to small files: a registry of real size is over its body limit', async () => {
      const jobs = await countRows(app, 'import_jobs');
      const response = await app.gql(
        `mutation ($input: ImportFileInput!) { importBureauFile(input: $input) { replayed } }`,
        {
          input: {
            fileType: 'FIRM_REGISTRY',
            format: 'CSV',
            fileName: 'registry.csv',
            contentBase64: csv(firmRegistryRows(registryFirms(8000))).toString('base64'),
          },
        },
        tokens.parkAdminA,
      );
      expect(response.status).toBe(413);
      expect(await countRows(app, 'import_jobs')).toBe(jobs);
    });
  });
});
