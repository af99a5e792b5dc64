import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { AFTER_THE_WORK, setToday } from '../../support/clock';
import {
  acceptRequest,
  createListing,
  orderStatus,
  postOrder,
  postOrderRequest,
  PROPOSAL_FIELDS,
  proposalsOf,
} from '../../support/operations';

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

describe('an order from a buyer to the firms that make it', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    setToday(app, AFTER_THE_WORK);
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await createListing(app, tokens.ownerA2, {
      processCode: 'CUTTING',
      unitsPerDay: 500,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '2.50',
      minOrderQuantity: 100,
    });
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '12.00',
      minOrderQuantity: 100,
    });
  });
  afterAll(() => app.close());

  it('posts → quotes → proposes → firms accept → confirmed → progress → delivered', async () => {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'flow-order-0001',
      quantity: 1000,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-20',
    });
    expect(posted.quote.feasible).toBe(true);
    expect(posted.order.status).toBe('PLANNED');
    expect(posted.quote.unitsPlanned).toBe(1000);
    expect(posted.quote.totalCost).toBe('14500.00');
    for (const assignment of posted.quote.assignments) {
      expect(assignment.days.reduce((sum, day) => sum + day.units, 0)).toBe(assignment.units);
    }

    const orderId = posted.order.id;
    const cutting = await proposalsOf(app, tokens.ownerA2, orderId);
    const sewing = await proposalsOf(app, tokens.ownerA1, orderId);
    expect(cutting.map((p) => p.stageSeq)).toEqual([1]);
    expect(sewing.map((p) => p.stageSeq)).toEqual([2]);
    // A firm sees only the shares offered to it.
    for (const proposal of cutting) expect(proposal).toMatchObject({ firmId: IDS.firmA2 });

    const first = dataOf(await acceptRequest(app, tokens.ownerA2, cutting[0].id)).acceptProposal;
    expect(first).toMatchObject({ __typename: 'ProposalAccepted', order: { status: 'PLANNED' } });
    const second = dataOf(await acceptRequest(app, tokens.ownerA1, sewing[0].id)).acceptProposal;
    expect(second).toMatchObject({ __typename: 'ProposalAccepted', order: { status: 'CONFIRMED' } });

    const [{ booked }] = await app.dataSource.query(
      `SELECT SUM(booked)::int AS booked FROM capacity_slots WHERE firm_id = $1`,
      [IDS.firmA1],
    );
    expect(booked).toBe(1000);

    const progress = await app.gql(
      `mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { unitsDone } }`,
      { input: { proposalId: cutting[0].id, date: cutting[0].firstDay, unitsDone: 500, defectUnits: 2 } },
      tokens.ownerA2,
    );
    dataOf(progress);
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('IN_PRODUCTION');

    for (const [token, proposal] of [
      [tokens.ownerA2, cutting[0]],
      [tokens.ownerA1, sewing[0]],
    ] as const) {
      const delivered = await app.gql(
        `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { ${PROPOSAL_FIELDS} } }`,
        { input: { proposalId: proposal.id, deliveredOn: proposal.lastDay, unitsDelivered: 1000, defectUnits: 5 } },
        token,
      );
      dataOf(delivered);
    }
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('DELIVERED');

    const history = dataOf(
      await app.gql<{ order: { history: { type: string }[] } }>(
        'query ($id: ID!) { order(id: $id) { history { type } } }',
        { id: orderId },
        tokens.buyer1,
      ),
    ).order.history.map((entry) => entry.type);
    expect(history).toEqual([
      'ORDER_POSTED',
      'STATUS_PLANNED',
      'STATUS_CONFIRMED',
      'STATUS_IN_PRODUCTION',
      'STATUS_DELIVERED',
    ]);

    // The buyer closes the delivered order; after that it can neither be cancelled nor closed again.
    const closed = await app.gql(
      'mutation ($id: ID!) { closeOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(dataOf(closed)).toEqual({ closeOrder: { status: 'CLOSED' } });
    const cancelClosed = await app.gql(
      'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(errorCode(cancelClosed)).toBe('CONFLICT');
    const closeAgain = await app.gql(
      'mutation ($id: ID!) { closeOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(errorCode(closeAgain)).toBe('CONFLICT');
    // Delivery records the firms' track record, which the next quote reads.
    const [record] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS delivered, SUM(defect_units)::int AS defects FROM proposals WHERE order_id = $1 AND status = 'DELIVERED'`,
      [orderId],
    );
    expect(record).toEqual({ delivered: 2, defects: 10 });
    // And each delivery wrote its platform output once: units delivered × the proposal's price, in its month.
    const facts: { fact: string | null; matches: boolean }[] = await app.dataSource.query(
      `SELECT f.proposal_id AS fact,
              f.value = p.units_delivered * p.unit_price AND f.month = date_trunc('month', p.delivered_on)::date
                AS matches
         FROM proposals p LEFT JOIN platform_output_facts f ON f.proposal_id = p.id
        WHERE p.order_id = $1 AND p.status = 'DELIVERED'`,
      [orderId],
    );
    expect(facts).toHaveLength(2);
    for (const fact of facts) expect(fact).toMatchObject({ fact: expect.any(String), matches: true });
  });

  it('illegal state transitions are typed errors that change nothing', async () => {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'flow-order-0004',
      quantity: 100,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-28',
    });
    expect(posted.order.status).toBe('PLANNED');
    const orderId = posted.order.id;
    const history = async () =>
      dataOf(
        await app.gql<{ order: { history: { type: string }[] } }>(
          'query ($id: ID!) { order(id: $id) { history { type } } }',
          { id: orderId },
          tokens.buyer1,
        ),
      ).order.history.map((entry) => entry.type);
    const historyBefore = await history();

    // A planned order cannot be closed: CONFLICT naming the field at fault.
    const close = await app.gql(
      'mutation ($id: ID!) { closeOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(close.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'status' });
    expect(close.errors?.[0].message).toMatch(/PLANNED.*CLOSED/);
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('PLANNED');
    expect(await history()).toEqual(historyBefore);

    // Work not yet accepted cannot be reported or delivered.
    const [cutting] = await proposalsOf(app, tokens.ownerA2, orderId);
    const deliver = await app.gql(
      `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { id } }`,
      {
        input: { proposalId: cutting.id, deliveredOn: cutting.lastDay, unitsDelivered: cutting.units, defectUnits: 0 },
      },
      tokens.ownerA2,
    );
    expect(deliver.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'id' });

    // Cancelled is final: no second cancel, no close, no accepting its withdrawn proposals.
    const cancel = await app.gql(
      'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(dataOf(cancel)).toEqual({ cancelOrder: { status: 'CANCELLED' } });
    const again = await app.gql(
      'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(errorCode(again)).toBe('CONFLICT');
    const closeCancelled = await app.gql(
      'mutation ($id: ID!) { closeOrder(id: $id) { status } }',
      { id: orderId },
      tokens.buyer1,
    );
    expect(closeCancelled.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'status' });
    const lateAccept = await acceptRequest(app, tokens.ownerA2, cutting.id);
    expect(lateAccept.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'id' });
    expect((await proposalsOf(app, tokens.ownerA2, orderId)).map((p) => p.status)).toEqual(['CANCELLED']);
  });

  it('refuses a route with a process outside the catalogue, storing nothing', async () => {
    const response = await postOrderRequest(app, tokens.buyer1, {
      idempotencyKey: 'flow-order-0005',
      quantity: 100,
      route: [ROUTE[0], { processCode: 'TELEPORTING', leadDays: 0, maxUnitPrice: '1.00' }],
      earliestStart: '2027-03-02',
      dueDate: '2027-03-28',
    });
    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'route.1.processCode' });
    const [{ count }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM orders WHERE idempotency_key = 'flow-order-0005'`,
    );
    expect(count).toBe(0);
  });

  it('checks a preview’s dates like a posting’s', async () => {
    const preview = (dueDate: string) =>
      app.gql(
        `query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible } }`,
        {
          input: {
            idempotencyKey: 'flow-preview-02',
            product: 'T-shirt',
            quantity: 100,
            route: ROUTE,
            earliestStart: '2027-03-02',
            dueDate,
          },
        },
        tokens.buyer1,
      );
    expect((await preview('2030-03-02')).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'dueDate' });
    expect((await preview('2027-03-01')).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'dueDate' });
  });

  it('says why a quote falls short when every offer is above the buyer’s ceiling', async () => {
    const preview = await app.gql<{
      previewQuote: { feasible: boolean; shortfall: { stageSeq: number; reason: string; message: string } };
    }>(
      `query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible shortfall { stageSeq reason message } } }`,
      {
        input: {
          idempotencyKey: 'flow-preview-01',
          product: 'T-shirt',
          quantity: 100,
          route: [ROUTE[0], { ...ROUTE[1], maxUnitPrice: '5.00' }],
          earliestStart: '2027-03-02',
          dueDate: '2027-03-28',
        },
      },
      tokens.buyer1,
    );
    const { feasible, shortfall } = dataOf(preview).previewQuote;
    expect({ feasible, stageSeq: shortfall.stageSeq, reason: shortfall.reason }).toEqual({
      feasible: false,
      stageSeq: 2,
      reason: 'PRICE_CEILING',
    });
    // The offers above the ceiling are counted and the cheapest named, though none of their days is read.
    expect(shortfall.message).toMatch(/all 1 offers exceed the ceiling of 5(\.00)? yuan\/pc \(cheapest 12(\.00)?\)/);
  });

  it('answers a replay of the same key with the same order and refuses the key with another payload', async () => {
    const input = {
      idempotencyKey: 'flow-order-0002',
      quantity: 200,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    };
    const first = await postOrder(app, tokens.buyer1, input);
    const replay = await postOrder(app, tokens.buyer1, input);
    expect(replay.replayed).toBe(true);
    expect(replay.order.id).toBe(first.order.id);
    expect(replay.quote).toEqual(first.quote);
    const conflicting = await postOrderRequest(app, tokens.buyer1, { ...input, quantity: 201 });
    expect(conflicting.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'idempotencyKey' });
    const [{ count }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM orders WHERE idempotency_key = 'flow-order-0002'`,
    );
    expect(count).toBe(1);
  });

  it('cancelling a confirmed order releases its booked capacity', async () => {
    const posted = await postOrder(app, tokens.buyer2, {
      idempotencyKey: 'flow-order-0003',
      quantity: 300,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    });
    const bookedBefore = await totalBooked();
    for (const [token] of [[tokens.ownerA2], [tokens.ownerA1]] as const) {
      for (const proposal of await proposalsOf(app, token, posted.order.id, 'PROPOSED')) {
        dataOf(await acceptRequest(app, token, proposal.id));
      }
    }
    expect(await orderStatus(app, tokens.buyer2, posted.order.id)).toBe('CONFIRMED');
    expect(await totalBooked()).toBe(bookedBefore + 600);
    const cancelled = await app.gql(
      'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: posted.order.id },
      tokens.buyer2,
    );
    expect(dataOf(cancelled)).toEqual({ cancelOrder: { status: 'CANCELLED' } });
    expect(await totalBooked()).toBe(bookedBefore);
  });

  it.each([
    ['a park that does not exist', { preferredParkId: '00000000-0000-4000-8000-00000000dead' }, 'preferredParkId'],
    [
      'a virtual group that does not exist',
      { preferredGroupId: '00000000-0000-4000-8000-00000000beef' },
      'preferredGroupId',
    ],
  ])('refuses an order preferring %s, naming the field and storing nothing', async (_situation, preference, field) => {
    const response = await postOrderRequest(app, tokens.buyer1, {
      idempotencyKey: `flow-preference-${field}`,
      quantity: 100,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
      ...preference,
    });
    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    const rows = await app.dataSource.query(`SELECT 1 FROM orders WHERE idempotency_key = $1`, [
      `flow-preference-${field}`,
    ]);
    expect(rows).toEqual([]);
  });

  async function totalBooked(): Promise<number> {
    const [{ booked }] = await app.dataSource.query(
      `SELECT COALESCE(SUM(booked), 0)::int AS booked FROM capacity_slots`,
    );
    return booked;
  }
});
