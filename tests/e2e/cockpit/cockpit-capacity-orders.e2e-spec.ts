import { addDays } from '@vg/core';
import { ProposalExpiryScheduler } from '@vg/matching';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { createOrderActivity, OrderActivity } from './cockpit-fixture';
import { statementCounter } from './statement-counter';

const CAPACITY = `query ($parkId: ID, $from: Date!, $to: Date!, $granularity: CapacityGranularity) {
  cockpitCapacity(parkId: $parkId, from: $from, to: $to, granularity: $granularity) {
    parkId today
    cells { processCode period listed booked utilisation }
    byProcess { processCode listed booked utilisation }
    idleNow { processCode listed booked idle firmsWithIdleCapacity }
    processes { code nameZh nameEn }
  }
}`;

const ORDERS = `query ($parkId: ID, $from: Date!, $to: Date!) {
  cockpitOrders(parkId: $parkId, from: $from, to: $to) {
    parkId
    totals { posted planned confirmed delivered cancelled piecesPosted piecesConfirmed }
    months { month posted planned confirmed delivered }
    statusNow { status count }
    fillRate orderOnTimeRate stageOnTimeRate averageQuoteToConfirmHours
  }
}`;

interface CapacityView {
  parkId: string;
  today: string;
  cells: { processCode: string; period: string; listed: number; booked: number; utilisation: string }[];
  byProcess: { processCode: string; listed: number; booked: number; utilisation: string }[];
  idleNow: { processCode: string; listed: number; booked: number; idle: number; firmsWithIdleCapacity: number }[];
  processes: { code: string; nameZh: string; nameEn: string }[];
}

describe('cockpit: capacity and orders of one park', () => {
  let app: TestApp;
  let tokens: Tokens;
  let activity: OrderActivity;
  let window: { from: string; to: string };

  beforeAll(async () => {
    app = await startTestApp();
    // Background sweeps would add statements to the counts below.
    app.app.get(ProposalExpiryScheduler).onApplicationShutdown();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    activity = await createOrderActivity(app, tokens);
    window = { from: addDays(activity.today, -30), to: addDays(activity.today, 30) };
  });
  afterAll(() => app.close());

  const capacity = async (token: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.gql<{ cockpitCapacity: CapacityView }>(CAPACITY, { ...window, ...variables }, token))
      .cockpitCapacity;

  it('shows listed against booked per process and day, equal to the slots’ own sums, for the caller’s park only', async () => {
    const view = await capacity(tokens.parkAdminA);
    const expected: { process_code: string; period: string; listed: number; booked: number }[] =
      await app.dataSource.query(
        `SELECT process_code, to_char(date, 'YYYY-MM-DD') AS period, SUM(capacity)::int AS listed, SUM(booked)::int AS booked
         FROM capacity_slots WHERE park_id = $1 AND date BETWEEN $2 AND $3 GROUP BY 1, 2 ORDER BY 1, 2`,
        [IDS.parkA, window.from, window.to],
      );
    expect(
      view.cells.map(({ processCode, period, listed, booked }) => ({ processCode, period, listed, booked })),
    ).toEqual(
      expected.map((row) => ({
        processCode: row.process_code,
        period: row.period,
        listed: row.listed,
        booked: row.booked,
      })),
    );
    // Park A lists 500 cutting and 300 sewing a day for 31 days; the delivered and the confirmed orders are booked.
    expect(view.byProcess).toEqual([
      { processCode: 'CUTTING', listed: 15500, booked: 900, utilisation: '0.0581' },
      { processCode: 'SEWING', listed: 9300, booked: 900, utilisation: '0.0968' },
    ]);
    expect(view.processes).toEqual([
      { code: 'CUTTING', nameZh: '裁剪', nameEn: 'Cutting' },
      { code: 'SEWING', nameZh: '缝制', nameEn: 'Sewing' },
    ]);
    const sewingToday = view.idleNow.find((row) => row.processCode === 'SEWING');
    expect(sewingToday).toEqual({ processCode: 'SEWING', listed: 300, booked: 0, idle: 300, firmsWithIdleCapacity: 1 });

    const parkB = await capacity(tokens.parkAdminB);
    expect(parkB.parkId).toBe(IDS.parkB);
    expect(parkB.byProcess).toEqual([{ processCode: 'SEWING', listed: 30969, booked: 0, utilisation: '0.0000' }]);
  });

  it('sums days into ISO weeks (Mondays) without losing a piece', async () => {
    const weekly = await capacity(tokens.parkAdminA, { granularity: 'WEEK' });
    const daily = await capacity(tokens.parkAdminA);
    for (const processCode of ['CUTTING', 'SEWING']) {
      const sum = (cells: CapacityView['cells']) =>
        cells.filter((cell) => cell.processCode === processCode).reduce((total, cell) => total + cell.listed, 0);
      expect(sum(weekly.cells)).toBe(sum(daily.cells));
    }
    expect(weekly.cells).not.toHaveLength(0);
    for (const cell of weekly.cells) {
      expect({ period: cell.period, weekday: new Date(`${cell.period}T00:00:00Z`).getUTCDay() }).toEqual({
        period: cell.period,
        weekday: 1,
      });
    }
  });

  it('counts the orders that concern the park: posted, planned, confirmed, delivered, with rates', async () => {
    const view = dataOf(
      await app.gql<{ cockpitOrders: Record<string, unknown> }>(ORDERS, window, tokens.parkAdminA),
    ).cockpitOrders;
    expect(view.totals).toEqual({
      posted: 4,
      planned: 4,
      confirmed: 2,
      delivered: 1,
      cancelled: 1,
      piecesPosted: '1200',
      piecesConfirmed: '900',
    });
    expect(view.fillRate).toBe('0.5000');
    expect(view.orderOnTimeRate).toBe('1.0000');
    // The sewing share of the delivered order came a day late.
    expect(view.stageOnTimeRate).toBe('0.5000');
    expect(Number(view.averageQuoteToConfirmHours)).toBeGreaterThanOrEqual(0);
    expect(view.statusNow).toEqual([
      { status: 'PLANNED', count: 1 },
      { status: 'CONFIRMED', count: 1 },
      { status: 'DELIVERED', count: 1 },
      { status: 'CANCELLED', count: 1 },
    ]);
    const [{ avg }] = await app.dataSource.query(
      `SELECT ROUND(AVG(EXTRACT(EPOCH FROM confirmed_at - created_at)) / 3600, 2)::text AS avg FROM orders`,
    );
    expect(view.averageQuoteToConfirmHours).toBe(avg);

    const parkB = dataOf(
      await app.gql<{ cockpitOrders: { totals: { posted: number } } }>(ORDERS, window, tokens.parkAdminB),
    );
    expect(parkB.cockpitOrders.totals.posted).toBe(0);
  });

  describe.each([
    ['cockpitCapacity', CAPACITY],
    ['cockpitOrders', ORDERS],
  ])('%s', (operation, document) => {
    it.each([
      ['another park’s admin naming this park', 'parkAdminB', IDS.parkA, 'NOT_FOUND'],
      ['an owner of a firm in this park', 'ownerA1', IDS.parkA, 'FORBIDDEN'],
      ['an owner of a firm in another park', 'ownerB1', IDS.parkA, 'FORBIDDEN'],
      ['a buyer', 'buyer1', IDS.parkA, 'FORBIDDEN'],
      ['anyone not signed in', null, IDS.parkA, 'UNAUTHENTICATED'],
      ['a platform admin naming no park', 'platformAdmin', null, 'BAD_USER_INPUT'],
      [
        'a platform admin naming a park that does not exist',
        'platformAdmin',
        '00000000-0000-4000-8000-00000000dead',
        'NOT_FOUND',
      ],
    ] as const)('refuses %s', async (_who, caller, parkId, code) => {
      const response = await app.gql(document, { ...window, parkId }, caller ? tokens[caller] : undefined);
      expect(errorCode(response)).toBe(code);
      expect(response.data?.[operation as never] ?? null).toBeNull();
    });

    it('answers a platform admin for any park it names', async () => {
      const response = await app.gql<Record<string, { parkId: string }>>(
        document,
        { ...window, parkId: IDS.parkB },
        tokens.platformAdmin,
      );
      expect(dataOf(response)[operation].parkId).toBe(IDS.parkB);
    });
  });

  it.each([
    ['cockpitCapacity', 'parkAdminA', 3, CAPACITY],
    ['cockpitCapacity', 'platformAdmin', 4, CAPACITY],
    ['cockpitOrders', 'parkAdminA', 3, ORDERS],
    ['cockpitOrders', 'platformAdmin', 4, ORDERS],
  ] as const)(
    '%s as %s answers in %i SQL statements, whatever the park’s size',
    async (operation, caller, bound, document) => {
      const counter = statementCounter(app.apiDataSource);
      try {
        const { result, statements } = await counter.during(() =>
          app.gql<Record<string, unknown>>(document, { ...window, parkId: IDS.parkA }, tokens[caller]),
        );
        expect(dataOf(result)[operation]).toBeTruthy();
        expect(statements.length).toBeLessThanOrEqual(bound);
        expect(statements.length).toBeGreaterThan(0);
      } finally {
        counter.restore();
      }
    },
  );
});
