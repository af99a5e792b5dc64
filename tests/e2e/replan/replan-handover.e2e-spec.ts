import { Client } from 'pg';
import { createListing, postOrder } from '../../support/operations';
import { loginAll, seedBase } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function statusOf(db: Client, id: string): Promise<{ status: string; error: string | null }> {
  const { rows } = await db.query('SELECT status, error FROM replan_jobs WHERE id = $1', [id]);
  return rows[0];
}

/**
 * A worker that shuts down (SIGTERM ends in app.close(), the same hooks) mid re-plan hands the job back: the re-plan
 * is QUEUED again, not left RUNNING (which used to block the park for 30 minutes), and the next worker finishes it.
 * The death of a worker (SIGKILL) is in tests/e2e/fleet.
 */
describe('a re-plan whose worker shuts down mid-run', () => {
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  let db: Client;

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.end();
  });

  it('is handed back to the queue and finished by the next worker', async () => {
    first = await startTestApp();
    const databaseUrl = first.databaseUrl;
    await seedBase(first.dataSource);
    const tokens = await loginAll(first);
    await createListing(first, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-06-01',
      endDate: '2027-06-10',
      unitPrice: '10.00',
    });
    await postOrder(first, tokens.buyer1, {
      idempotencyKey: 'handover-order',
      quantity: 200,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }],
      earliestStart: '2027-06-01',
      dueDate: '2027-06-08',
    });
    db = new Client({ connectionString: first.databaseUrl });
    await db.connect();
    // The re-plan's input load waits on this lock, so the attempt is certainly mid-run when its worker stops.
    await db.query('BEGIN');
    await db.query('LOCK TABLE capacity_slots IN ACCESS EXCLUSIVE MODE');
    const started = dataOf(
      await first.gql<{ startReplan: { id: string } }>('mutation { startReplan { id } }', {}, tokens.parkAdminA),
    ).startReplan;
    const admin = new Client({ connectionString: first.databaseUrl });
    await admin.connect();
    try {
      for (let attempt = 0; (await statusOf(admin, started.id)).status !== 'RUNNING'; attempt++) {
        if (attempt > 600) throw new Error('the re-plan never started');
        await sleep(50);
      }
      const closing = first.close();
      // The shutdown tells running attempts to stop first of all; the load then finishes, and the attempt hands back.
      await sleep(1000);
      await db.query('COMMIT');
      await closing;
      first = undefined;

      const { rows: queued } = await admin.query(
        `SELECT state, retry_count, output FROM pgboss.job WHERE name = 'replan' AND data->>'replanJobId' = $1`,
        [started.id],
      );
      expect({ ...(await statusOf(admin, started.id)), queued }).toMatchObject({
        status: 'QUEUED',
        error: expect.stringMatching(/^attempt 1: its worker shut down/),
        queued: [{ state: 'retry' }],
      });

      second = await startTestApp({}, databaseUrl);
      for (let attempt = 0; ; attempt++) {
        const now = await statusOf(admin, started.id);
        if (now.status === 'SUCCEEDED') break;
        if (attempt > 600 || !['QUEUED', 'RUNNING'].includes(now.status)) {
          throw new Error(`the re-plan ended ${now.status}: ${now.error}`);
        }
        await sleep(100);
      }
      expect(await statusOf(admin, started.id)).toEqual({ status: 'SUCCEEDED', error: null });
    } finally {
      await admin.end();
    }
  }, 120_000);
});
