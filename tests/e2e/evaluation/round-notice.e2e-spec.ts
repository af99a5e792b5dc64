import { IDS, Tokens } from '../../support/seed';
import { dataOf, errorCode, TestApp } from '../../support/test-app';
import { closeNotice, F2, roundOnNotice } from './evaluation-round-builders';
import {
  decideObjection,
  fileObjection,
  publishRound,
  result,
  resultRequest,
  RoundView,
} from './evaluation-operations';

/** A computed 2025 round of park A on public notice: firms see their results and object with evidence. */
describe('on public notice', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;

  beforeAll(async () => {
    ({ app, tokens, round } = await roundOnNotice());
  });
  afterAll(() => app?.close());

  it('shows a firm its own result with the full explanation, every figure traced to its record', async () => {
    const own = await result(app, tokens.ownerA1, round.id, IDS.firmA1);
    const [{ id: taxFigureId }] = await app.dataSource.query(
      `SELECT id FROM firm_annual_figures WHERE firm_id = $1 AND year = 2025 AND kind = 'TAX_PAID' AND superseded_at IS NULL`,
      [IDS.firmA1],
    );

    expect(own.status).toBe('GRADED');
    expect(own.graded?.indicators.map((indicator) => indicator.indicatorId)).toEqual([
      'taxPerMu',
      'valueAddedPerMu',
      'valueAddedPerEnergy',
      'valueAddedPerEmission',
      'labourProductivity',
      'rdIntensity',
    ]);
    expect(own.graded?.indicators[0]).toMatchObject({ numeratorValue: '600', value: '30.000008' });
    expect(own.figures).toContainEqual(
      expect.objectContaining({ figure: 'taxPaid', figureId: taxFigureId, source: 'IMPORTED' }),
    );
    expect(own.figures).toContainEqual(
      expect.objectContaining({ figure: 'landMu', value: '19.999995', landPlotIds: [IDS.plotA1] }),
    );
    expect(own.rules.length).toBeGreaterThan(5);
    expect(errorCode(await resultRequest(app, tokens.ownerA1, round.id, IDS.firmA2))).toBe('NOT_FOUND');
  });

  it('gives a firm without emission data the population’s average emission score', async () => {
    const f2 = await result(app, tokens.parkAdminA, round.id, F2.id);
    expect(f2.graded?.indicators[3]).toMatchObject({ value: null, substitutionRule: 'populationAverageScore' });
  });

  it('files objections with evidence; accepting one corrects the figure and recomputes, rejecting one keeps it', async () => {
    const a1Before = await result(app, tokens.parkAdminA, round.id, IDS.firmA1);
    const a2Before = await result(app, tokens.parkAdminA, round.id, IDS.firmA2);
    const acceptedObjection = dataOf(
      await fileObjection(app, tokens.ownerA1, round.id, {
        reason: '统计局增加值漏报了第四季度',
        evidence: [{ title: '2025年度审计报告', reference: '浙审字(2026)第0123号' }],
        proposedFigures: [{ kind: 'VALUE_ADDED', value: '3600' }],
      }),
    ).fileEvaluationObjection.id;
    const rejectedObjection = dataOf(
      await fileObjection(app, tokens.ownerA2, round.id, {
        reason: '用电量偏高',
        evidence: [{ title: '电费单', reference: '国网临平 2025-12' }],
        proposedFigures: [{ kind: 'ELECTRICITY', value: '200' }],
      }),
    ).fileEvaluationObjection.id;
    expect(
      errorCode(
        await fileObjection(app, tokens.ownerA1, round.id, {
          reason: 'again',
          evidence: [{ title: 't', reference: 'r' }],
          proposedFigures: [],
        }),
      ),
    ).toBe('CONFLICT');

    const accepted = dataOf(
      await decideObjection(app, tokens.parkAdminA, acceptedObjection, { accept: true, reason: '审计报告属实' }),
    ).decideEvaluationObjection;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', appliedFigures: [{ kind: 'VALUE_ADDED', value: '3600' }] });
    const rejected = dataOf(
      await decideObjection(app, tokens.parkAdminA, rejectedObjection, {
        accept: false,
        reason: '与电力公司抄表一致',
      }),
    ).decideEvaluationObjection;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionReason: '与电力公司抄表一致' });
    expect(errorCode(await decideObjection(app, tokens.parkAdminA, rejectedObjection, { accept: true }))).toBe(
      'CONFLICT',
    );
    expect(errorCode(await decideObjection(app, tokens.parkAdminA, acceptedObjection, { accept: false }))).toBe(
      'BAD_USER_INPUT',
    );

    const a1After = await result(app, tokens.parkAdminA, round.id, IDS.firmA1);
    const a2After = await result(app, tokens.parkAdminA, round.id, IDS.firmA2);
    expect(Number(a1After.total)).toBeGreaterThan(Number(a1Before.total));
    expect(a1After.figures).toContainEqual(
      expect.objectContaining({ figure: 'valueAdded', value: '3600', source: 'SELF_REPORTED' }),
    );
    expect(a2After.total).toBe(a2Before.total);
    const [{ state }] = await app.dataSource.query(
      `SELECT audit_state AS state FROM firm_annual_figures
        WHERE firm_id = $1 AND year = 2025 AND kind = 'VALUE_ADDED' AND superseded_at IS NULL`,
      [IDS.firmA1],
    );
    expect(state).toBe('APPROVED');
  });

  it('refuses to publish while the objection window is open', async () => {
    expect(errorCode(await publishRound(app, tokens.parkAdminA, round.id))).toBe('CONFLICT');
  });
});

describe('once the objection window has closed', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;

  beforeAll(async () => {
    ({ app, tokens, round } = await roundOnNotice());
    await closeNotice({ app, tokens }, round.id);
  });
  afterAll(() => app?.close());

  it('refuses a late objection', async () => {
    const late = await fileObjection(app, tokens.ownerA2, round.id, {
      reason: 'late',
      evidence: [{ title: 't', reference: 'r' }],
      proposedFigures: [],
    });
    expect(errorCode(late)).toBe('CONFLICT');
  });
});
