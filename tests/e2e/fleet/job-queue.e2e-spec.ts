import { Logger } from '@nestjs/common';
import { metricsRegistry } from '@vg/core';
import { JobQueue } from '@vg/jobs';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../setup/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The queue itself, on a database of its own: dead letters with their reason, and sends inside a transaction. */
describe('the job queue', () => {
  let queue: JobQueue;
  let dataSource: DataSource;
  const runs: number[] = [];
  const deadLetters: { data: object; reason: string }[] = [];

  beforeAll(async () => {
    // Outside an application the queue would log to the console; the assertions say what happened.
    Logger.overrideLogger(false);
    const databaseUrl = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    queue = new JobQueue({ databaseUrl, runWorkers: true, monitorIntervalSeconds: 1, pollingIntervalSeconds: 1 });
    queue.define<{ n: number }>({
      kind: 'always-fails',
      retryLimit: 1,
      retryDelaySeconds: 1,
      heartbeatSeconds: 10,
      expireInSeconds: 60,
      concurrency: 1,
      run: async (data, context) => {
        runs.push(context.attempt);
        throw new Error(`the file of ${data.n} is unreadable`);
      },
      deadLettered: async (data, reason) => {
        deadLetters.push({ data, reason });
      },
    });
    await queue.onModuleInit();
    await queue.onApplicationBootstrap();
  });

  afterAll(async () => {
    queue.onModuleDestroy();
    await queue.beforeApplicationShutdown();
    await dataSource.destroy();
  });

  it('retries a failing job, then hands it to its dead-letter handler with the last error', async () => {
    await queue.send({ kind: 'always-fails', data: { n: 7 } });
    for (let waited = 0; !deadLetters.length; waited += 100) {
      if (waited > 60_000) throw new Error('the job never reached the dead letters');
      await sleep(100);
    }
    expect(runs).toEqual([1, 2]);
    expect(deadLetters).toEqual([{ data: { n: 7 }, reason: 'failed after 2 attempts: the file of 7 is unreadable' }]);
    const text = await metricsRegistry.metrics();
    expect(text).toContain('vg_jobs_dead_lettered_total{kind="always-fails"} 1');
    expect(text).toContain('vg_job_duration_seconds_count{kind="always-fails",outcome="failed"} 2');
  });

  it('sends inside a transaction: a rolled-back send leaves no job', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'always-fails'`);
    await dataSource
      .transaction(async (manager) => {
        expect(await queue.send({ kind: 'always-fails', data: { n: 8 } }, manager)).toEqual(expect.any(String));
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'always-fails'`)).toEqual(
      before,
    );
  });

  it('refuses a kind nobody defined', async () => {
    await expect(queue.send({ kind: 'never-defined', data: {} })).rejects.toThrow('no job kind never-defined');
  });
});
