/**
 * The `orderEvents` subscription over graphql-ws (a real WebSocket to 127.0.0.1): each subscriber hears only what
 * concerns it, and only after the change is committed — a mutation that fails or rolls back publishes nothing.
 *
 * Ordering makes the checks exact: events reach one subscriber in the order they were published, so once a probe
 * published after the actions has arrived everywhere, every event the actions published has arrived too.
 */
import { DomainEvent, UnitOfWork } from '@vg/core';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { acceptRequest, createListing, postOrder, postOrderRequest, proposalsOf } from '../../support/operations';
import { IDS, loginAll, SeedUser, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { refusal } from '../orders/order-helpers';

interface ReceivedEvent {
  type: string;
  orderId: string;
  subjectId: string;
  payload: string;
}

const SUBSCRIBERS = [
  'buyer1',
  'buyer2',
  'ownerA1',
  'ownerA2',
  'parkAdminA',
  'parkAdminB',
] as const satisfies readonly SeedUser[];
type Subscriber = (typeof SUBSCRIBERS)[number];

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 0, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

describe('orderEvents subscription', () => {
  let app: TestApp;
  let tokens: Tokens;
  const clients: Client[] = [];
  const received = {} as Record<Subscriber, ReceivedEvent[]>;
  let probes = 0;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const wsUrl = `${app.url.replace(/^http/, 'ws')}/graphql`;
    for (const who of SUBSCRIBERS) {
      received[who] = [];
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokens[who]}` },
        retryAttempts: 0,
        lazy: false,
      });
      clients.push(client);
      client.subscribe<{ orderEvents: ReceivedEvent }>(
        { query: 'subscription { orderEvents { type orderId subjectId payload } }' },
        {
          next: (message) => {
            if (message.data) received[who].push(message.data.orderEvents);
            else
              received[who].push({
                type: `ERROR ${JSON.stringify(message.errors)}`,
                orderId: '',
                subjectId: '',
                payload: '',
              });
          },
          error: (error) =>
            received[who].push({ type: `ERROR ${String(error)}`, orderId: '', subjectId: '', payload: '' }),
          complete: () => {},
        },
      );
    }
    await everyoneHearsProbe();
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app.close();
  });

  /** Publishes an event every subscriber may hear and waits until all have it; then forgets what they heard. */
  async function everyoneHearsProbe(): Promise<void> {
    const probe: DomainEvent = {
      type: 'PROBE',
      subjectId: `probe-${++probes}`,
      parkIds: [IDS.parkA, IDS.parkB],
      firmIds: [IDS.firmA1, IDS.firmA2, IDS.firmB1],
      buyerOrgIds: [IDS.buyerOrg1, IDS.buyerOrg2],
      payload: { orderId: `probe-${probes}` },
      occurredAt: new Date().toISOString(),
    };
    const heard = (who: Subscriber) => received[who].some((event) => event.subjectId === probe.subjectId);
    const deadline = Date.now() + 15_000;
    while (!SUBSCRIBERS.every(heard)) {
      if (Date.now() > deadline)
        throw new Error(`probe not heard by ${SUBSCRIBERS.filter((who) => !heard(who)).join(', ')}`);
      // Until a subscription is registered a probe is lost, so publish again each round. Through the outbox, so it
      // is relayed after every event committed before it.
      await app.app
        .get(UnitOfWork)
        .run(async (tx) => tx.publishAfterCommit({ ...probe, occurredAt: new Date().toISOString() }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Starts a fresh record of what each subscriber hears: a probe round first, so events of earlier actions still on
   * their way through the outbox are heard before the record is cleared.
   */
  async function heardSinceLastProbe(): Promise<Record<Subscriber, ReceivedEvent[]>> {
    await everyoneHearsProbe();
    for (const who of SUBSCRIBERS) received[who].length = 0;
    return received;
  }

  it('each party hears only what concerns it; another park hears nothing of a park-A order', async () => {
    await createListing(app, tokens.ownerA2, {
      processCode: 'CUTTING',
      unitsPerDay: 500,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '2.50',
    });
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '12.00',
    });
    const events = await heardSinceLastProbe();
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'events-order-01',
      quantity: 600,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    });
    const orderId = posted.order.id;
    const [cutting] = await proposalsOf(app, tokens.ownerA2, orderId);
    const [sewing] = await proposalsOf(app, tokens.ownerA1, orderId);
    dataOf(await acceptRequest(app, tokens.ownerA2, cutting.id));
    dataOf(await acceptRequest(app, tokens.ownerA1, sewing.id));
    await everyoneHearsProbe();

    const seen = (who: Subscriber) =>
      events[who].filter((event) => event.type !== 'PROBE').map((event) => `${event.type} ${event.subjectId}`);
    const buyerEvents = events.buyer1.filter((event) => event.type !== 'PROBE');
    expect(buyerEvents).not.toHaveLength(0);
    for (const event of buyerEvents) expect(event).toMatchObject({ orderId });
    expect(seen('buyer1').sort()).toEqual(
      [
        `PLAN_MADE ${orderId}`,
        `PROPOSAL_MADE ${cutting.id}`,
        `PROPOSAL_MADE ${sewing.id}`,
        `PROPOSAL_ACCEPTED ${cutting.id}`,
        `PROPOSAL_ACCEPTED ${sewing.id}`,
        `ORDER_CONFIRMED ${orderId}`,
      ].sort(),
    );
    // A firm hears of its own share and of the order's confirmation, not of the other firm's share.
    expect(seen('ownerA1')).toEqual([
      `PROPOSAL_MADE ${sewing.id}`,
      `PROPOSAL_ACCEPTED ${sewing.id}`,
      `ORDER_CONFIRMED ${orderId}`,
    ]);
    expect(seen('ownerA2')).toEqual([
      `PROPOSAL_MADE ${cutting.id}`,
      `PROPOSAL_ACCEPTED ${cutting.id}`,
      `ORDER_CONFIRMED ${orderId}`,
    ]);
    // The park's admin hears of the shares in its park; the buyer's own planning note is the buyer's.
    expect(seen('parkAdminA').sort()).toEqual(
      [
        `PROPOSAL_MADE ${cutting.id}`,
        `PROPOSAL_MADE ${sewing.id}`,
        `PROPOSAL_ACCEPTED ${cutting.id}`,
        `PROPOSAL_ACCEPTED ${sewing.id}`,
        `ORDER_CONFIRMED ${orderId}`,
      ].sort(),
    );
    expect(seen('parkAdminB')).toEqual([]);
    expect(seen('buyer2')).toEqual([]);
    // Events carry no prices or costs: they are broadcast.
    for (const event of events.buyer1) expect(event.payload).not.toMatch(/price|cost/i);
  });

  it('a postOrder that fails validation inside its transaction publishes nothing and stores nothing', async () => {
    const events = await heardSinceLastProbe();
    const failed = await postOrderRequest(app, tokens.buyer1, {
      idempotencyKey: 'events-order-02',
      quantity: 600,
      route: [ROUTE[0], { processCode: 'NOT_A_PROCESS', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    });
    expect(refusal(failed)).toEqual({ code: 'BAD_USER_INPUT', field: 'route.1.processCode' });
    await everyoneHearsProbe();
    for (const who of SUBSCRIBERS)
      expect({ who, heard: events[who].filter((event) => event.type !== 'PROBE') }).toEqual({ who, heard: [] });
    const [{ count }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM orders WHERE idempotency_key = 'events-order-02'`,
    );
    expect(count).toBe(0);
  });

  it('an accept that runs out of capacity rolls back and publishes nothing (not even the confirmation)', async () => {
    await createListing(app, tokens.ownerA2, {
      processCode: 'CUTTING',
      unitsPerDay: 500,
      startDate: '2027-05-01',
      endDate: '2027-05-31',
      unitPrice: '2.50',
    });
    const sewingListing = await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-05-01',
      endDate: '2027-05-31',
      unitPrice: '12.00',
    });
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'events-order-03',
      quantity: 600,
      route: ROUTE,
      earliestStart: '2027-05-02',
      dueDate: '2027-05-25',
    });
    const [cutting] = await proposalsOf(app, tokens.ownerA2, posted.order.id);
    const [sewing] = await proposalsOf(app, tokens.ownerA1, posted.order.id);
    expect(sewing.days.length).toBeGreaterThan(1);
    dataOf(await acceptRequest(app, tokens.ownerA2, cutting.id));
    // Another booking takes the last of one of the sewing days: the accept books the first days, then fails.
    const lastDay = sewing.days.at(-1) as { date: string; units: number };
    await app.dataSource.query(
      `UPDATE capacity_slots SET booked = capacity - $3 + 1 WHERE listing_id = $1 AND date = $2`,
      [sewingListing.id, lastDay.date, lastDay.units],
    );
    const slotsBefore = await app.dataSource.query(
      `SELECT id, booked FROM capacity_slots WHERE listing_id = $1 ORDER BY id`,
      [sewingListing.id],
    );

    const events = await heardSinceLastProbe();
    const answer = dataOf(await acceptRequest(app, tokens.ownerA1, sewing.id)).acceptProposal;
    expect(answer).toMatchObject({
      __typename: 'InsufficientCapacity',
      requested: lastDay.units,
      available: lastDay.units - 1,
    });
    await everyoneHearsProbe();
    for (const who of SUBSCRIBERS)
      expect({ who, heard: events[who].filter((event) => event.type !== 'PROBE') }).toEqual({ who, heard: [] });

    expect(
      await app.dataSource.query(`SELECT id, booked FROM capacity_slots WHERE listing_id = $1 ORDER BY id`, [
        sewingListing.id,
      ]),
    ).toEqual(slotsBefore);
    const [{ status }] = await app.dataSource.query(`SELECT status FROM proposals WHERE id = $1`, [sewing.id]);
    expect(status).toBe('PROPOSED');
    const [order] = await app.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [posted.order.id]);
    expect(order.status).toBe('PLANNED');
    const [{ confirmations }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS confirmations FROM order_events WHERE order_id = $1 AND type = 'STATUS_CONFIRMED'`,
      [posted.order.id],
    );
    expect(confirmations).toBe(0);
  });
});
