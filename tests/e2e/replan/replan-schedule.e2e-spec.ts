import { ReplanScheduler } from '@vg/matching';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { createListing, postOrder } from '../../support/operations';

const SEWING = [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }];

interface ScheduledJob {
  id: string;
  parkId: string;
  status: string;
  phase: string;
  progress: number;
  scheduled: boolean;
  changes: { ordersConsidered: number; proposalsMade: number } | null;
}

describe('scheduled re-plans (REPLAN_EVERY_MINUTES)', () => {
  let app: TestApp;
  let tokens: Tokens;
  let scheduler: ReplanScheduler;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    scheduler = app.app.get(ReplanScheduler);
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-06-01',
      endDate: '2027-06-10',
      unitPrice: '10.00',
    });
    for (let index = 0; index < 3; index++) {
      await postOrder(app, tokens.buyer1, {
        idempotencyKey: `scheduled-replan-${index}`,
        quantity: 200,
        route: SEWING,
        earliestStart: '2027-06-01',
        dueDate: `2027-06-0${4 + index}`,
      });
    }
    // Park B has no capacity for it, but the order waits there all the same.
    await postOrder(app, tokens.buyer2, {
      idempotencyKey: 'scheduled-replan-park-b',
      quantity: 100,
      route: SEWING,
      earliestStart: '2027-06-01',
      dueDate: '2027-06-09',
      preferredParkId: IDS.parkB,
    });
  });
  afterAll(() => app.close());

  const jobsOf = async (token: string) =>
    dataOf(
      await app.gql<{ replanJobs: { nodes: ScheduledJob[] } }>(
        `{ replanJobs(first: 20) { nodes { id parkId status phase progress scheduled changes { ordersConsidered proposalsMade } } } }`,
        {},
        token,
      ),
    ).replanJobs.nodes;

  /** The queued re-plans, once the in-process worker has run them all. */
  const ended = async (ids: string[]) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const rows: { status: string }[] = await app.dataSource.query(
        'SELECT status FROM replan_jobs WHERE id = ANY($1)',
        [ids],
      );
      if (rows.length === ids.length && rows.every((row) => !['QUEUED', 'RUNNING'].includes(row.status))) return ids;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the scheduled re-plans ${ids.join(', ')} did not end`);
  };

  it('queues a re-plan of every park with orders waiting, marked as scheduled, which the worker runs', async () => {
    const ran = await ended(await scheduler.runDue());
    expect(ran).toHaveLength(2);
    const jobA = (await jobsOf(tokens.parkAdminA)).find((job) => ran.includes(job.id));
    expect(jobA).toMatchObject({
      parkId: IDS.parkA,
      status: 'SUCCEEDED',
      scheduled: true,
      phase: 'report',
      progress: 1,
    });
    // Park B's order got its quote from park A's firm, so park A takes it into account too.
    expect(jobA!.changes!.ordersConsidered).toBe(4);
    expect(jobA!.changes!.proposalsMade).toBeGreaterThan(0);
    const jobB = (await jobsOf(tokens.parkAdminB)).find((job) => ran.includes(job.id));
    expect(jobB).toMatchObject({ parkId: IDS.parkB, status: 'SUCCEEDED', scheduled: true });
    expect(jobB!.changes!.ordersConsidered).toBe(1);
    expect(ran.sort()).toEqual([jobA!.id, jobB!.id].sort());
  });

  it('skips a park whose re-plan is still running, and a tick that finds the last one still going', async () => {
    const [{ id: stillRunning }] = await app.dataSource.query(
      `INSERT INTO replan_jobs (park_id, requested_by, status, options, started_at)
       VALUES ($1, NULL, 'RUNNING', '{}', now()) RETURNING id`,
      [IDS.parkA],
    );
    try {
      const jobsBBefore = await jobsOf(tokens.parkAdminB);
      const [first, overlapping] = await Promise.all([scheduler.runDue(), scheduler.runDue()]);
      expect(overlapping).toEqual([]);
      expect(first).toHaveLength(1);
      await ended(first);
      const jobsB = await jobsOf(tokens.parkAdminB);
      expect(jobsB).toHaveLength(jobsBBefore.length + 1);
      expect(jobsB.find((job) => job.id === first[0])).toMatchObject({ status: 'SUCCEEDED', scheduled: true });
      const running = await app.dataSource.query(
        `SELECT id FROM replan_jobs WHERE park_id = $1 AND status = 'RUNNING'`,
        [IDS.parkA],
      );
      expect(running).toEqual([{ id: stillRunning }]);
    } finally {
      await app.dataSource.query(`UPDATE replan_jobs SET status = 'CANCELLED' WHERE id = $1`, [stillRunning]);
    }
  });

  it('an admin-started re-plan is not marked as scheduled', async () => {
    const started = dataOf(
      await app.gql<{ startReplan: ScheduledJob }>('mutation { startReplan { id scheduled } }', {}, tokens.parkAdminA),
    ).startReplan;
    expect(started.scheduled).toBe(false);
    for (let attempt = 0; attempt < 100; attempt++) {
      const [{ status }] = await app.dataSource.query('SELECT status FROM replan_jobs WHERE id = $1', [started.id]);
      if (status === 'SUCCEEDED') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the admin-started re-plan did not succeed');
  });
});
