/**
 * Two api instances on one database and one Redis, as two replicas behind a load balancer: an event committed on
 * one reaches a subscriber connected to the other; a rolled-back change raises none; another park's administrator
 * hears nothing of it. The test starts a Redis of its own (support/redis-server.ts: the machine's redis-server on a
 * free port), so it needs no running service and hears no other run.
 */
import { DomainEvent, EventBus, runInSystemScope, UnitOfWork } from '@vg/core';
import { randomUUID } from 'node:crypto';
import { createListing, postOrder } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { RunningRedis, startRedisServer } from '../../support/redis-server';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { subscribe, Subscriber } from './subscription-client';

const PARK_EVENTS = `subscription ($parkId: ID) {
  parkEvents(parkId: $parkId) { type category subjectId orderId payload occurredAt }
}`;
const ORDER_EVENTS = 'subscription { orderEvents { type orderId subjectId payload } }';

interface ParkEvent {
  type: string;
  category: string;
  subjectId: string;
  orderId: string | null;
  payload: string;
}

const FORM_GROUP = `mutation ($input: FormVirtualGroupInput!) { formVirtualGroup(input: $input) { id } }`;

describe('live updates across two api instances through Redis', () => {
  let redis: RunningRedis;
  let first: TestApp;
  let second: TestApp;
  let tokens: Tokens;
  let parkA: Subscriber<ParkEvent>;
  let parkB: Subscriber<ParkEvent>;
  let buyer: Subscriber<ParkEvent>;
  /** Subjects of park A's events in this test: none may reach park B's administrator. */
  const parkASubjects = new Set<string>();

  beforeAll(async () => {
    redis = await startRedisServer();
    first = await startTestApp({ REDIS_URL: redis.url });
    second = await startTestApp({ REDIS_URL: redis.url }, first.databaseUrl);
    await seedBase(first.dataSource);
    tokens = await loginAll(first);
    parkA = subscribe<ParkEvent>(second.url, tokens.parkAdminA, PARK_EVENTS);
    parkB = subscribe<ParkEvent>(second.url, tokens.parkAdminB, PARK_EVENTS);
    buyer = subscribe<ParkEvent>(second.url, tokens.buyer1, ORDER_EVENTS);
    await untilSubscribed();
  });
  afterAll(async () => {
    await Promise.all([parkA, parkB, buyer].map((subscriber) => subscriber?.close()));
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  /** Subscriptions start asynchronously on the server: probe through the first instance until all three hear it. */
  async function untilSubscribed(): Promise<void> {
    const bus = first.app.get(EventBus);
    const probe = `probe-${randomUUID()}`;
    const heard = Promise.all([
      parkA.waitFor((event) => event.subjectId === probe, 10_000),
      parkB.waitFor((event) => event.subjectId === probe, 10_000),
      buyer.waitFor((event) => event.subjectId === probe, 10_000),
    ]);
    const timer = setInterval(() => bus.publish(probeEvent(probe)), 100);
    try {
      await heard;
    } finally {
      clearInterval(timer);
    }
  }

  it('an order posted on one instance reaches the park admin and the buyer subscribed on the other', async () => {
    await createListing(first, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-06-01',
      endDate: '2027-06-30',
      unitPrice: '12.00',
    });
    const posted = await postOrder(first, tokens.buyer1, {
      idempotencyKey: 'redis-order-0001',
      quantity: 600,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-06-02',
      dueDate: '2027-06-20',
      preferredParkId: IDS.parkA,
    });
    expect(posted.quote.feasible).toBe(true);
    parkASubjects.add(posted.order.id);

    const proposal = await parkA.waitFor(
      (event) => event.type === 'PROPOSAL_MADE' && event.orderId === posted.order.id,
    );
    expect(proposal.category).toBe('ALLOCATION');
    parkASubjects.add(proposal.subjectId);
    const plan = await buyer.waitFor((event) => event.type === 'PLAN_MADE' && event.orderId === posted.order.id);
    expect(JSON.parse(plan.payload)).toMatchObject({ feasible: true, unitsPlanned: 600 });
  });

  it('a rolled-back change raises no event; the next committed one does', async () => {
    const rolledBack = `rolled-back-${randomUUID()}`;
    const groupsBefore = await groupCount();
    await expect(
      runInSystemScope('test: a change that fails after queuing its event', () =>
        first.app.get(UnitOfWork).run(async (tx) => {
          await tx.manager.query(
            `INSERT INTO virtual_groups (park_id, name, product_line, stage_processes, lead_firm_id, status, created_by)
           SELECT $1, 'never committed', '衬衫', '{SEWING}', $2, 'ACTIVE', id FROM users LIMIT 1`,
            [IDS.parkA, IDS.firmA1],
          );
          tx.publishAfterCommit({ ...probeEvent(rolledBack), type: 'GROUP_FORMED' });
          throw new Error('the change fails after its event was queued');
        }),
      ),
    ).rejects.toThrow('the change fails');
    expect(await groupCount()).toBe(groupsBefore);

    const committed = dataOf(
      await first.gql<{ formVirtualGroup: { id: string } }>(
        FORM_GROUP,
        {
          input: {
            name: '衬衫虚拟集团',
            productLine: '衬衫',
            stageProcesses: ['CUTTING', 'SEWING'],
            leadFirmId: IDS.firmA2,
            members: [{ firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2025-01-01' }],
          },
        },
        tokens.parkAdminA,
      ),
    ).formVirtualGroup;
    parkASubjects.add(committed.id);
    // One publisher connection keeps the order: had the rolled-back event gone out, it would have arrived first.
    await parkA.waitFor((event) => event.type === 'GROUP_FORMED' && event.subjectId === committed.id);
    expect(parkA.received.filter((event) => event.subjectId === rolledBack)).toEqual([]);
    expect(parkB.received.filter((event) => event.subjectId === rolledBack)).toEqual([]);
  });

  it('another park’s admin hears nothing of park A, only of their own park', async () => {
    const own = dataOf(
      await first.gql<{ formVirtualGroup: { id: string } }>(
        FORM_GROUP,
        {
          input: {
            name: '柯桥纺织集团',
            productLine: '面料',
            stageProcesses: ['SEWING'],
            leadFirmId: IDS.firmB1,
            members: [{ firmId: IDS.firmB1, stageProcess: 'SEWING', joinedOn: '2025-01-01' }],
          },
        },
        tokens.parkAdminB,
      ),
    ).formVirtualGroup;
    await parkB.waitFor((event) => event.subjectId === own.id);
    expect(parkASubjects.size).toBeGreaterThanOrEqual(3);
    const leaked = parkB.received.filter(
      (event) => parkASubjects.has(event.subjectId) || (event.orderId !== null && parkASubjects.has(event.orderId)),
    );
    expect(leaked).toEqual([]);
    expect(parkA.received.filter((event) => event.subjectId === own.id)).toEqual([]);
  });

  it('refuses a park admin who asks for another park’s feed', async () => {
    const foreign = subscribe<ParkEvent>(second.url, tokens.parkAdminB, PARK_EVENTS, { parkId: IDS.parkA });
    try {
      await expect(foreign.waitFor(() => true, 5_000)).rejects.toThrow(/NOT_FOUND|not found/);
    } finally {
      await foreign.close();
    }
  });

  async function groupCount(): Promise<number> {
    const [{ n }] = await second.dataSource.query('SELECT COUNT(*)::int AS n FROM virtual_groups');
    return n;
  }
});

/** An event every subscriber of this test may hear (both parks, the buyer), with a subject no real row has. */
function probeEvent(subjectId: string): DomainEvent {
  return {
    type: 'PROBE',
    subjectId,
    parkIds: [IDS.parkA, IDS.parkB],
    firmIds: [],
    buyerOrgIds: [IDS.buyerOrg1],
    payload: { orderId: subjectId },
    occurredAt: new Date().toISOString(),
  };
}
