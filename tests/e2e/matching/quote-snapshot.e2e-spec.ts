/**
 * The quote reads each replica's free-capacity snapshot, not PostgreSQL: two api instances on one database, every
 * change made through the first (a proposal holding units, its acceptance booking them, more capacity, a
 * withdrawal) is seen by the very next quote on the second, whose snapshot was built before the change. A change
 * rolled back is never seen. The database path's answer is the yardstick: both must give the same plan.
 */
import { CandidateLoader, OrderDemand, QuoteScope, QuoteService } from '@vg/matching';
import { acceptRequest, createListing, postOrder, proposalsOf, QUOTE_FIELDS } from '../../support/operations';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

/** Each test plans in a month of its own, so none sees another's listings or orders. */
const SEPTEMBER = { earliestStart: '2027-09-01', dueDate: '2027-09-10' };
const OCTOBER = { earliestStart: '2027-10-01', dueDate: '2027-10-10' };
const NOVEMBER = { earliestStart: '2027-11-01', dueDate: '2027-11-10' };
const ROUTE = [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '3.00' }];

interface Quote {
  feasible: boolean;
  unitsPlanned: number;
  assignments: { listingId: string; units: number }[];
}

describe('quotes on a replica see every committed change at once', () => {
  let first: TestApp;
  let second: TestApp;
  let tokens: Tokens;

  const previewOn = async (app: TestApp, quantity: number, window: typeof SEPTEMBER): Promise<Quote> =>
    dataOf(
      await app.gql<{ previewQuote: Quote }>(
        `query ($input: PostOrderInput!) { previewQuote(input: $input) { ${QUOTE_FIELDS} } }`,
        { input: { idempotencyKey: 'preview-key', product: 'Shirt', quantity, route: ROUTE, ...window } },
        tokens.buyer2,
      ),
    ).previewQuote;

  /** Units the second replica would plan for 5,000 pieces: everything free in the window. */
  const freeSeenBySecond = async (window: typeof SEPTEMBER) => (await previewOn(second, 5_000, window)).unitsPlanned;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({}, first.databaseUrl);
    await seedBase(first.dataSource);
    tokens = await loginAll(first);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('follows holds, bookings, capacity changes and withdrawals made on the other replica', async () => {
    const { id: listingId } = await createListing(first, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-09-01',
      endDate: '2027-09-10',
      unitPrice: '2.00',
    });
    expect(await freeSeenBySecond(SEPTEMBER)).toBe(1_000);

    const order = await postOrder(first, tokens.buyer1, {
      idempotencyKey: 'snapshot-hold',
      quantity: 600,
      route: ROUTE,
      ...SEPTEMBER,
    });
    expect(order.quote.unitsPlanned).toBe(600);
    expect(await freeSeenBySecond(SEPTEMBER)).toBe(400);

    const [proposal] = await proposalsOf(first, tokens.ownerA1, order.order.id);
    expect(dataOf(await acceptRequest(first, tokens.ownerA1, proposal.id)).acceptProposal.__typename).toBe(
      'ProposalAccepted',
    );
    expect(await freeSeenBySecond(SEPTEMBER)).toBe(400);

    dataOf(
      await first.gql(
        `mutation ($id: ID!, $input: UpdateCapacityListingInput!) { updateCapacityListing(id: $id, input: $input) { id } }`,
        { id: listingId, input: { unitsPerDay: 150 } },
        tokens.ownerA1,
      ),
    );
    expect(await freeSeenBySecond(SEPTEMBER)).toBe(900);

    dataOf(
      await first.gql(
        `mutation ($id: ID!) { withdrawCapacityListing(id: $id) { id } }`,
        { id: listingId },
        tokens.ownerA1,
      ),
    );
    expect(await freeSeenBySecond(SEPTEMBER)).toBe(0);
  });

  it('never sees a change that is rolled back, even one open while it quotes', async () => {
    const { id } = await createListing(first, tokens.ownerB1, {
      processCode: 'SEWING',
      unitsPerDay: 70,
      startDate: '2027-10-01',
      endDate: '2027-10-10',
      unitPrice: '2.50',
    });
    expect(await freeSeenBySecond(OCTOBER)).toBe(700);
    const runner = first.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE capacity_slots SET booked = capacity WHERE listing_id = $1`, [id]);
      expect(await freeSeenBySecond(OCTOBER)).toBe(700);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await freeSeenBySecond(OCTOBER)).toBe(700);
  });

  it('gives the plan the database path gives, with holds of other orders and a re-quote giving its own back', async () => {
    await createListing(first, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 60,
      startDate: '2027-11-01',
      endDate: '2027-11-10',
      unitPrice: '2.20',
    });
    const cheapest = await createListing(first, tokens.ownerB1, {
      processCode: 'SEWING',
      unitsPerDay: 40,
      startDate: '2027-11-03',
      endDate: '2027-11-08',
      unitPrice: '1.80',
    });
    const held = await postOrder(first, tokens.buyer1, {
      idempotencyKey: 'snapshot-compare',
      quantity: 300,
      route: ROUTE,
      ...NOVEMBER,
    });
    const demand = (orderId: string, quantity: number): OrderDemand => ({
      orderId,
      quantity,
      route: [{ seq: 1, processCode: 'SEWING', leadDays: 0, maxUnitPriceFen: 300 }],
      ...NOVEMBER,
    });
    const onSnapshot = second.app.get(QuoteService);
    const onDatabase = new QuoteService(second.app.get(CandidateLoader));
    for (const [order, scope] of [
      [demand('new', 820), {}],
      [demand(held.order.id, 820), { exceptOrderId: held.order.id }],
      [demand('new', 200), { excludedListingIds: [cheapest.id] }],
    ] as [OrderDemand, QuoteScope][]) {
      const snapshotPlan = (await onSnapshot.quote(order, undefined, scope)).plan;
      const databasePlan = (await onDatabase.quote(order, undefined, scope)).plan;
      expect(snapshotPlan.unitsPlanned).toBeGreaterThan(0);
      expect(snapshotPlan).toEqual(databasePlan);
    }
  });
});
