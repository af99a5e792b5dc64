import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { acceptRequest, AcceptAnswer, createListing, postOrder, proposalsOf } from '../../support/operations';

const SEWING = [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }];
const JOB_FIELDS = `id status progress phase error
  before { unitsProposed cost ordersFullyProposed }
  after { unitsProposed cost ordersFullyProposed }
  changes { ordersConsidered proposalsSuperseded proposalsMade ordersThatLostTheirPlan }
  firmUtilisation(first: 10) { totalCount nodes { firmId freeUnits assignedUnits share } }`;

interface Job {
  id: string;
  status: string;
  error: string | null;
  before: { unitsProposed: number; ordersFullyProposed: number } | null;
  after: { unitsProposed: number; ordersFullyProposed: number } | null;
  changes: { ordersConsidered: number; proposalsSuperseded: number; proposalsMade: number } | null;
  firmUtilisation: { totalCount: number; nodes: { firmId: string; freeUnits: number; assignedUnits: number }[] };
}

interface OpenOrdersPark {
  app: TestApp;
  tokens: Tokens;
  confirmedOrderId: string;
  bookedBefore: { id: string; booked: number }[];
}

/**
 * Park A on a database of its own: a firm's sewing capacity, one confirmed order, and four open orders planned first
 * come, first served (the long early order took the days the short late ones needed).
 */
async function parkWithOpenOrders(): Promise<OpenOrdersPark> {
  const app = await startTestApp();
  await seedBase(app.dataSource);
  const tokens = await loginAll(app);
  await createListing(app, tokens.ownerA1, {
    processCode: 'SEWING',
    unitsPerDay: 100,
    startDate: '2027-05-01',
    endDate: '2027-05-10',
    unitPrice: '10.00',
  });
  // A confirmed order: the re-plan must leave its booking exactly as it is.
  const confirmed = await postOrder(app, tokens.buyer1, {
    idempotencyKey: 'replan-confirmed-1',
    quantity: 200,
    route: SEWING,
    earliestStart: '2027-05-01',
    dueDate: '2027-05-02',
  });
  const [proposal] = await proposalsOf(app, tokens.ownerA1, confirmed.order.id);
  dataOf(await acceptRequest(app, tokens.ownerA1, proposal.id));
  const bookedBefore = await app.dataSource.query(`SELECT id, booked FROM capacity_slots WHERE booked > 0 ORDER BY id`);

  await postOrder(app, tokens.buyer1, {
    idempotencyKey: 'replan-open-long',
    quantity: 300,
    route: SEWING,
    earliestStart: '2027-05-03',
    dueDate: '2027-05-10',
  });
  for (let index = 0; index < 3; index++) {
    await postOrder(app, tokens.buyer2, {
      idempotencyKey: `replan-open-short-${index}`,
      quantity: 150,
      route: SEWING,
      earliestStart: '2027-05-03',
      dueDate: `2027-05-0${5 + index}`,
    });
  }
  return { app, tokens, confirmedOrderId: confirmed.order.id, bookedBefore };
}

async function waitForJob(app: TestApp, id: string, token: string): Promise<Job> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const job = dataOf(
      await app.gql<{ replanJob: Job }>(`query ($id: ID!) { replanJob(id: $id) { ${JOB_FIELDS} } }`, { id }, token),
    ).replanJob;
    if (!['QUEUED', 'RUNNING'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('re-plan did not finish');
}

async function replanParkA(app: TestApp, tokens: Tokens): Promise<Job> {
  const started = dataOf(
    await app.gql<{ startReplan: Job }>('mutation { startReplan { id status } }', {}, tokens.parkAdminA),
  ).startReplan;
  return waitForJob(app, started.id, tokens.parkAdminA);
}

describe('re-planning a park’s open orders together', () => {
  let app: TestApp;
  let tokens: Tokens;
  let confirmedOrderId: string;
  let bookedBefore: { id: string; booked: number }[];

  beforeAll(async () => {
    ({ app, tokens, confirmedOrderId, bookedBefore } = await parkWithOpenOrders());
  });
  afterAll(() => app?.close());

  it('refuses other roles and other parks', async () => {
    for (const token of [tokens.ownerA1, tokens.buyer1]) {
      expect(errorCode(await app.gql('mutation { startReplan { id } }', {}, token))).toBe('FORBIDDEN');
    }
    const otherPark = await app.gql(
      'mutation ($input: StartReplanInput) { startReplan(input: $input) { id } }',
      { input: { parkId: IDS.parkB } },
      tokens.parkAdminA,
    );
    expect(errorCode(otherPark)).toBe('NOT_FOUND');
  });

  it('replaces the unconfirmed proposals, fills more, and leaves the confirmed booking untouched', async () => {
    const job = await replanParkA(app, tokens);
    expect(job.error).toBeNull();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.changes?.ordersConsidered).toBe(4);
    expect(job.after!.unitsProposed).toBeGreaterThanOrEqual(job.before!.unitsProposed);
    expect(job.after!.ordersFullyProposed).toBeGreaterThan(job.before!.ordersFullyProposed);
    expect(job.firmUtilisation.nodes.map((firm) => firm.firmId)).toContain(IDS.firmA1);

    const [{ count }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM proposals WHERE status = 'PROPOSED' AND origin <> $1`,
      [`REPLAN:${job.id}`],
    );
    expect(count).toBe(0);
    const confirmed = await app.dataSource.query(`SELECT status FROM proposals WHERE order_id = $1`, [
      confirmedOrderId,
    ]);
    expect(confirmed).toEqual([{ status: 'ACCEPTED' }]);
    expect(await app.dataSource.query(`SELECT id, booked FROM capacity_slots WHERE booked > 0 ORDER BY id`)).toEqual(
      bookedBefore,
    );

    // No slot-day is promised beyond what is free.
    const overPromised = await app.dataSource.query(
      `SELECT s.id FROM capacity_slots s JOIN proposal_days d ON d.slot_id = s.id JOIN proposals a ON a.id = d.proposal_id
        WHERE a.status IN ('PROPOSED', 'ACCEPTED') GROUP BY s.id, s.capacity HAVING SUM(d.units) > s.capacity`,
    );
    expect(overPromised).toEqual([]);
  });
});

describe('a re-planned park whose firm accepts every proposal at once', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    ({ app, tokens } = await parkWithOpenOrders());
    expect(await replanParkA(app, tokens)).toMatchObject({ status: 'SUCCEEDED' });
  });
  afterAll(() => app?.close());

  it('books re-planned proposals correctly when the firm accepts them all at once', async () => {
    const open: { id: string }[] = await app.dataSource.query(
      `SELECT id FROM proposals WHERE status = 'PROPOSED' AND firm_id = $1`,
      [IDS.firmA1],
    );
    expect(open.length).toBeGreaterThan(1);
    const answers = await Promise.all(open.map(({ id }) => acceptRequest(app, tokens.ownerA1, id)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(['ProposalAccepted', 'InsufficientCapacity']).toContain(
        (dataOf(answer).acceptProposal as AcceptAnswer).__typename,
      );
    }
    const inconsistent = await app.dataSource.query(
      `SELECT s.id FROM capacity_slots s
         LEFT JOIN (SELECT d.slot_id, SUM(d.units) AS units FROM proposal_days d JOIN proposals a ON a.id = d.proposal_id
                     WHERE a.status = 'ACCEPTED' GROUP BY d.slot_id) b ON b.slot_id = s.id
        WHERE s.booked <> COALESCE(b.units, 0) OR s.booked > s.capacity`,
    );
    expect(inconsistent).toEqual([]);
  });
});
