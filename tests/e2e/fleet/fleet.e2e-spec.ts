import { FirmEntity } from '@vg/firms';
import { organisationCodeCheckCharacter, usccCheckCharacter } from '@vg/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options';
import { createTestDatabase } from '../../setup/test-database';
import { dataOf, graphqlClient } from '../../support/graphql-client';
import { createListing, postOrder } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import type { TestApp } from '../../support/test-app';
import { buildApi, removeBuild } from '../faults/api-process';
import { FleetProcess, fleetEnvironment, startFleetProcess } from './fleet-processes';

/**
 * The fleet as deployed: two api replicas that only send jobs (JOB_WORKERS=false) and two `npm run worker`
 * processes, all on one database, each a real process of the compiled build.
 */
const IMPORTS = 1000;
const FIRMS_FOR_IMPORTS = 50;
const SEWING = [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A valid USCC for the n-th extra firm (GB 32100: organisation code and USCC check characters computed). */
function uscc(n: number): string {
  const organisation = `7${String(n).padStart(7, '0')}`;
  const first17 = `913301${'00'}${organisation}${organisationCodeCheckCharacter(organisation)}`;
  return first17 + usccCheckCharacter(first17);
}

describe('the fleet: two api replicas and two workers on one database', () => {
  let build: string;
  let databaseUrl: string;
  let db: Client;
  let env: Record<string, string>;
  const processes: FleetProcess[] = [];
  let api: FleetProcess[];
  let workers: FleetProcess[];
  let tokens: Tokens;
  let fleetStartedAt: number;

  beforeAll(async () => {
    build = buildApi();
    databaseUrl = await createTestDatabase();
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
    await seedBase(dataSource);
    await dataSource.manager.insert(
      FirmEntity,
      Array.from({ length: FIRMS_FOR_IMPORTS }, (_, n) => ({
        parkId: IDS.parkA,
        uscc: uscc(n),
        name: `导入测试企业${n}`,
        industryCode: '18',
        industryGroup: '纺织服装',
        employees: 10,
        address: '临平区某路2号',
        joinedOn: '2024-03-01',
      })),
    );
    await dataSource.destroy();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    env = fleetEnvironment(databaseUrl, { REPLAN_EVERY_MINUTES: '1' });
    const start = (role: 'api' | 'worker', name: string) =>
      startFleetProcess(build, role, name, role === 'api' ? { ...env, JOB_WORKERS: 'false' } : env).then((p) => {
        processes.push(p);
        return p;
      });
    api = [await start('api', 'api-1'), await start('api', 'api-2')];
    workers = await Promise.all([start('worker', 'worker-1'), start('worker', 'worker-2')]);
    fleetStartedAt = Date.now();
    const client = { gql: graphqlClient(api[0].url) } as unknown as TestApp;
    tokens = await loginAll(client);
    await createListing(client, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-06-01',
      endDate: '2027-06-10',
      unitPrice: '10.00',
    });
    await postOrder(client, tokens.buyer1, {
      idempotencyKey: 'fleet-order-1',
      quantity: 200,
      route: SEWING,
      earliestStart: '2027-06-01',
      dueDate: '2027-06-08',
    });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await db?.end();
    if (build) removeBuild(build);
  });

  const countsBySlot = async (queue: string) =>
    (
      await db.query<{ slot: string; jobs: number }>(
        `SELECT singleton_on::text AS slot, count(*)::int AS jobs FROM pgboss.job WHERE name = $1 GROUP BY 1`,
        [queue],
      )
    ).rows;

  it('runs each schedule once per interval, not once per process', async () => {
    // Every process ticks once a minute: wait until all four have ticked at least once and a round has run.
    await sleep(Math.max(0, fleetStartedAt + 65_000 - Date.now()));
    const replanRounds = await until(
      'a completed scheduled re-plan round',
      async () => {
        const rows = await countsBySlot('replan-due');
        const done = await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'replan-due' AND state = 'completed'`);
        return done.rowCount ? rows : null;
      },
      60_000,
    );
    expect(replanRounds).not.toHaveLength(0);
    for (const round of replanRounds) expect(round.jobs).toBe(1);
    const expirySweeps = await countsBySlot('proposal-expiry');
    expect(expirySweeps).not.toHaveLength(0);
    for (const sweep of expirySweeps) expect(sweep.jobs).toBe(1);

    const scheduled = await until(
      'the scheduled re-plans to end',
      async () => {
        const rows = (
          await db.query<{ park_id: string; status: string }>(
            `SELECT park_id, status FROM replan_jobs WHERE requested_by IS NULL`,
          )
        ).rows;
        return rows.length && rows.every((row) => !['QUEUED', 'RUNNING'].includes(row.status)) ? rows : null;
      },
      60_000,
    );
    const parkA = scheduled.filter((row) => row.park_id === IDS.parkA);
    expect(parkA.length).toBeGreaterThan(0);
    expect(parkA.length).toBeLessThanOrEqual(replanRounds.length);
    for (const row of scheduled) expect(row.status).toBe('SUCCEEDED');
  }, 240_000);

  it('retries on the other worker a re-plan whose worker was killed with SIGKILL mid-run', async () => {
    const lock = new Client({ connectionString: databaseUrl });
    await lock.connect();
    let released = false;
    try {
      // The re-plan's input load waits on this lock, so the attempt is certainly mid-run when its worker dies.
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE capacity_slots IN ACCESS EXCLUSIVE MODE');
      const started = dataOf(
        await graphqlClient(api[1].url)<{ startReplan: { id: string; status: string } }>(
          'mutation { startReplan { id status } }',
          {},
          tokens.parkAdminA,
        ),
      ).startReplan;
      const queueJobId = await until(
        'the re-plan to be taken by a worker',
        async () => {
          const { rows } = await db.query<{ id: string; status: string }>(
            `SELECT j.id, r.status FROM pgboss.job j JOIN replan_jobs r ON r.id = (j.data->>'replanJobId')::uuid
              WHERE j.name = 'replan' AND r.id = $1`,
            [started.id],
          );
          return rows[0]?.status === 'RUNNING' && workers.some((w) => w.logged(rows[0].id)) ? rows[0].id : null;
        },
        30_000,
      );
      const victim = workers.find((worker) => worker.logged(queueJobId))!;
      const survivor = workers.find((worker) => worker !== victim)!;
      expect(await victim.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      await lock.query('COMMIT');
      released = true;

      const ended = await until(
        'the re-plan to end',
        async () => {
          const { rows } = await db.query<{ status: string; error: string | null }>(
            'SELECT status, error FROM replan_jobs WHERE id = $1',
            [started.id],
          );
          return ['QUEUED', 'RUNNING'].includes(rows[0].status) ? null : rows[0];
        },
        90_000,
      );
      expect(ended).toEqual({ status: 'SUCCEEDED', error: null });
      expect(survivor.logged(`${queueJobId} attempt 2 started`)).toBe(true);
      const { rows } = await db.query(`SELECT state, retry_count FROM pgboss.job WHERE id = $1`, [queueJobId]);
      expect(rows).toEqual([{ state: 'completed', retry_count: 1 }]);
    } finally {
      if (!released) await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  }, 180_000);

  it(`drains ${IMPORTS} queued imports with none lost and none run twice`, async () => {
    // The killed worker is replaced, as a deployment would.
    const replacement = await startFleetProcess(build, 'worker', 'worker-3', env);
    processes.push(replacement);
    const firmUsccs = Array.from({ length: FIRMS_FOR_IMPORTS }, (_, n) => uscc(n));
    const files = Array.from({ length: IMPORTS }, (_, index) => {
      const month = 2025 * 12 + Math.floor(index / FIRMS_FOR_IMPORTS);
      const label = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      const csv = `uscc,month,outputValue\r\n${firmUsccs[index % FIRMS_FOR_IMPORTS]},${label},${1000 + index}.00\r\n`;
      return {
        fileType: 'MONTHLY_OUTPUT',
        format: 'CSV',
        fileName: `m-${index}.csv`,
        contentBase64: Buffer.from(csv).toString('base64'),
      };
    });
    const clients = api.map((replica) => graphqlClient(replica.url));
    let next = 0;
    const answers: { state?: string; errors?: unknown }[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, lane) => {
        while (next < files.length) {
          const file = files[next++];
          const response = await clients[lane % 2]<{ importBureauFile: { job: { state: string } } }>(
            'mutation ($input: ImportFileInput!) { importBureauFile(input: $input) { job { id state } } }',
            { input: file },
            tokens.parkAdminA,
          );
          answers.push({ state: response.data?.importBureauFile.job.state, errors: response.errors });
        }
      }),
    );
    expect(answers.filter((answer) => answer.errors)).toEqual([]);
    expect(answers).toHaveLength(IMPORTS);

    const jobs = await until(
      'every import to end',
      async () => {
        const { rows } = await db.query<{ state: string; jobs: number }>(
          `SELECT state, count(*)::int AS jobs FROM import_jobs GROUP BY state`,
        );
        return rows.some((row) => row.state === 'RUNNING') ? null : rows;
      },
      120_000,
    );
    expect(jobs).toEqual([{ state: 'SUCCEEDED', jobs: IMPORTS }]);
    const { rows: writes } = await db.query<{ figures: number; jobs: number; most: number }>(
      `SELECT count(*)::int AS figures, count(DISTINCT import_job_id)::int AS jobs,
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM firm_monthly_output GROUP BY import_job_id) per_job) AS most
         FROM firm_monthly_output WHERE import_job_id IS NOT NULL`,
    );
    expect(writes).toEqual([{ figures: IMPORTS, jobs: IMPORTS, most: 1 }]);
    const { rows: queued } = await db.query<{ state: string; jobs: number }>(
      `SELECT state, count(*)::int AS jobs FROM pgboss.job WHERE name = 'import' GROUP BY state`,
    );
    expect(queued).toEqual([{ state: 'completed', jobs: IMPORTS }]);
  }, 600_000);
});
