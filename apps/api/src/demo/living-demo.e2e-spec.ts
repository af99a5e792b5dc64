/**
 * The living demo on a fresh database, as `npm start` loads it: the cluster, then a year of platform history played
 * through the api. Read back over GraphQL as the demo's park admin and buyer, as the cockpit and a buyer would.
 */
import { addDays, createLogger, loadConfig, todayInChina } from '@vg/core';
import { createTestDatabase } from '../../../../tests/setup/test-database';
import { dataOf, startTestApp, TestApp } from '../../../../tests/support/test-app';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-cluster-loader';
import { loadDemoClusterIfEmpty } from './demo-loader';

const DEMO_FIRMS = 300;

describe('the living demo', () => {
  let app: TestApp;
  let admin: string;
  let buyer: string;

  const login = async (email: string) =>
    dataOf(
      await app.gql<{ login: { accessToken: string } }>(
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email, password: DEMO_PASSWORD } },
      ),
    ).login.accessToken;
  const loadDemo = (databaseUrl: string) =>
    loadDemoClusterIfEmpty(
      databaseUrl,
      loadConfig({ ...process.env, NODE_ENV: 'test', DEMO_FIRMS: String(DEMO_FIRMS) }),
      createLogger('silent'),
    );

  beforeAll(async () => {
    // The demo's own app first: passport keeps one strategy per name for the whole process, the last app's.
    const databaseUrl = await createTestDatabase();
    await loadDemo(databaseUrl);
    app = await startTestApp({}, databaseUrl);
    admin = await login(DEMO_USERS.parkAdmin);
    buyer = await login(DEMO_USERS.buyer);
  }, 300_000);
  afterAll(() => app?.close());

  it('has the buyer’s orders in every state an order can be in', async () => {
    const statuses = ['OPEN', 'PLANNED', 'CONFIRMED', 'IN_PRODUCTION', 'DELIVERED', 'CLOSED', 'CANCELLED'];
    const counts: Record<string, number> = {};
    for (const status of statuses) {
      const { orders } = dataOf(
        await app.gql<{ orders: { totalCount: number } }>(
          'query ($filter: OrderFilterInput) { orders(first: 1, filter: $filter) { totalCount } }',
          { filter: { status } },
          buyer,
        ),
      );
      counts[status] = orders.totalCount;
    }
    expect(statuses.filter((status) => counts[status] === 0)).toEqual([]);
    expect(counts.CLOSED).toBeGreaterThanOrEqual(15);
  });

  it('shows the park a year of orders: a fill rate, on-time records below perfect, a funnel', async () => {
    const today = todayInChina();
    const from = addDays(today, -364);
    const { cockpitOrders } = dataOf(
      await app.gql<{
        cockpitOrders: {
          totals: Record<string, number>;
          fillRate: string | null;
          stageOnTimeRate: string | null;
          orderOnTimeRate: string | null;
        };
      }>(
        `query ($from: Date!, $to: Date!) { cockpitOrders(from: $from, to: $to) {
           totals { posted planned confirmed delivered cancelled } fillRate orderOnTimeRate stageOnTimeRate } }`,
        { from, to: today },
        admin,
      ),
    );
    expect(cockpitOrders.totals.posted).toBeGreaterThanOrEqual(25);
    for (const stage of ['planned', 'confirmed', 'delivered', 'cancelled']) {
      expect({ stage, count: cockpitOrders.totals[stage] > 0 }).toEqual({ stage, count: true });
    }
    expect(Number(cockpitOrders.fillRate)).toBeGreaterThan(0);
    expect(Number(cockpitOrders.stageOnTimeRate)).toBeGreaterThan(0);
    expect(Number(cockpitOrders.stageOnTimeRate)).toBeLessThan(1);
  });

  it('has last year’s round published with all four classes, D-class land, movement from the year before', async () => {
    const { cockpitEvaluation } = dataOf(
      await app.gql<{
        cockpitEvaluation: {
          round: { year: number } | null;
          previousRound: { year: number } | null;
          classes: { class: string; firms: number }[];
          movement: { firms: number }[];
          dLand: { totalCount: number };
        };
      }>(
        `{ cockpitEvaluation { round { year } previousRound { year } classes { class firms } movement { firms }
           dLand(first: 5) { totalCount } } }`,
        {},
        admin,
      ),
    );
    const lastYear = Number(todayInChina().slice(0, 4)) - 1;
    expect(cockpitEvaluation.round?.year).toBe(lastYear);
    expect(cockpitEvaluation.previousRound?.year).toBe(lastYear - 1);
    expect(cockpitEvaluation.classes.filter((grade) => grade.firms > 0).map((grade) => grade.class)).toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
    expect(cockpitEvaluation.dLand.totalCount).toBeGreaterThan(0);
    expect(cockpitEvaluation.movement.reduce((sum, move) => sum + move.firms, 0)).toBeGreaterThan(0);
  });

  it('applied the park’s class policies to the published round in the ledger', async () => {
    const { evaluationRounds } = dataOf(
      await app.gql<{ evaluationRounds: { nodes: { id: string; year: number; status: string }[] } }>(
        '{ evaluationRounds(first: 10) { nodes { id year status } } }',
        {},
        admin,
      ),
    );
    const published = evaluationRounds.nodes.filter((round) => round.status === 'PUBLISHED');
    expect(published).toHaveLength(2);
    for (const round of published) {
      const { policyLedger } = dataOf(
        await app.gql<{ policyLedger: { totalCount: number } }>(
          'query ($roundId: ID!) { policyLedger(roundId: $roundId, first: 1) { totalCount } }',
          { roundId: round.id },
          admin,
        ),
      );
      expect({ year: round.year, entries: policyLedger.totalCount > 0 }).toEqual({ year: round.year, entries: true });
    }
  });

  it('has two active virtual groups, each preferred by some of the orders, and a re-plan job', async () => {
    const { virtualGroups, replanJobs } = dataOf(
      await app.gql<{
        virtualGroups: { nodes: { id: string; status: string }[] };
        replanJobs: { totalCount: number };
      }>('{ virtualGroups(first: 10) { nodes { id status } } replanJobs(first: 1) { totalCount } }', {}, admin),
    );
    expect(virtualGroups.nodes.map((group) => group.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(replanJobs.totalCount).toBe(1);
    const { orders } = dataOf(
      await app.gql<{ orders: { nodes: { preferredGroupId: string | null }[] } }>(
        '{ orders(first: 100) { nodes { preferredGroupId } } }',
        {},
        buyer,
      ),
    );
    for (const group of virtualGroups.nodes) {
      const preferring = orders.nodes.filter((order) => order.preferredGroupId === group.id).length;
      expect({ group: group.id, preferring: preferring > 0 }).toEqual({ group: group.id, preferring: true });
    }
  });

  it('gives the park’s firms production sites in Linping, around 30.4° N 120.25° E', async () => {
    const { firms } = dataOf(
      await app.gql<{ firms: { nodes: { siteLatitude: string | null; siteLongitude: string | null }[] } }>(
        '{ firms(first: 50) { nodes { siteLatitude siteLongitude } } }',
        {},
        admin,
      ),
    );
    expect(firms.nodes).toHaveLength(50);
    const outside = firms.nodes.filter(
      (firm) =>
        !(Math.abs(Number(firm.siteLatitude) - 30.42) < 0.1 && Math.abs(Number(firm.siteLongitude) - 120.25) < 0.12),
    );
    expect(outside).toEqual([]);
  });

  it('loads nothing on a database that has parks already', async () => {
    const orders = async () =>
      dataOf(await app.gql<{ orders: { totalCount: number } }>('{ orders(first: 1) { totalCount } }', {}, buyer)).orders
        .totalCount;
    const before = await orders();
    await loadDemo(app.databaseUrl);
    expect(await orders()).toBe(before);
  });
});
