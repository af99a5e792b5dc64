import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { APP_GROUP_ROLE, metrics, runInSystemScope } from '@vg/core';
import { type JobWithMetadata, PgBoss } from 'pg-boss';
import { EntityManager } from 'typeorm';
import { JobContext, JobDefinition, JobRequest } from './job-definition';

export const JOB_QUEUE_OPTIONS = Symbol('JOB_QUEUE_OPTIONS');

export interface JobQueueOptions {
  databaseUrl: string;
  /** Whether this process takes jobs (the api with its in-process worker, and `npm run worker`) or only sends them. */
  runWorkers: boolean;
  /** How often the queue looks for jobs whose heartbeat stopped, seconds: the delay before a dead worker's retry. */
  monitorIntervalSeconds: number;
  /** How often an idle worker looks for new jobs, seconds (LISTEN/NOTIFY wakes it sooner). */
  pollingIntervalSeconds: number;
}

/** pg-boss keeps its tables in this schema of the application's database. */
export const JOB_SCHEMA = 'pgboss';
const DEAD_LETTER_SUFFIX = '__dead';

/**
 * The job queue on PostgreSQL (pg-boss): jobs are rows in the application's own database, so no other server is
 * needed and the embedded default keeps working. Each kind is a queue with retries and exponential back-off, a
 * heartbeat that lets the queue retry the job of a worker that died, and a dead-letter queue whose handler records
 * the final failure where the job's owner shows it. Kinds are defined by the libs that own them (`define`, from a
 * constructor); workers start once the application is up, in every process that runs workers.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private readonly stopping = new AbortController();
  private readonly boss: PgBoss;
  private started = false;

  constructor(@Inject(JOB_QUEUE_OPTIONS) private readonly options: JobQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: JOB_SCHEMA,
      max: 4,
      application_name: options.runWorkers ? 'vg-jobs-worker' : 'vg-jobs',
      monitorIntervalSeconds: options.monitorIntervalSeconds,
      superviseIntervalSeconds: options.monitorIntervalSeconds,
      useListenNotify: true,
    });
    this.boss.on('error', (error: Error) => this.logger.error(`job queue: ${error.message}`));
    metrics.observeJobQueue(() => this.depths());
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    if (definition.heartbeatSeconds < 10) throw new Error(`${definition.kind}: heartbeatSeconds must be at least 10`);
    this.definitions.set(definition.kind, definition as unknown as JobDefinition<object>);
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    this.started = true;
    // The queue's own connections are the tables' owner's; the api's role sends jobs inside its transactions.
    await this.boss.getDb().executeSql(`
      GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APP_GROUP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APP_GROUP_ROLE};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${APP_GROUP_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${APP_GROUP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOB_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_GROUP_ROLE};`);
    for (const definition of this.definitions.values()) {
      const deadLetter = definition.kind + DEAD_LETTER_SUFFIX;
      await this.ensureQueue(deadLetter, { retryLimit: 5, retryDelay: 5, retryBackoff: true });
      await this.ensureQueue(definition.kind, {
        retryLimit: definition.retryLimit,
        retryDelay: definition.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: 300,
        heartbeatSeconds: definition.heartbeatSeconds,
        expireInSeconds: definition.expireInSeconds,
        deadLetter,
        notify: true,
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runWorkers) return;
    for (const definition of this.definitions.values()) {
      await this.boss.work(
        definition.kind,
        {
          batchSize: 1,
          localConcurrency: definition.concurrency,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds,
          // Retries and back-offs become due without a notification: poll at the same pace when notified too.
          notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds,
          includeMetadata: true,
        },
        async ([job]: JobWithMetadata<object>[]) => this.runAttempt(definition, job),
      );
      await this.boss.work(
        definition.kind + DEAD_LETTER_SUFFIX,
        {
          batchSize: 1,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds,
          notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds,
          includeMetadata: true,
        },
        async ([job]: JobWithMetadata<object>[]) => {
          const reason = await this.lastFailure(definition.kind, job.sourceId ?? null, job.sourceRetryCount ?? null);
          await runInSystemScope(`dead letter ${definition.kind}`, () => definition.deadLettered(job.data, reason));
          metrics.jobsDeadLettered.inc({ kind: definition.kind });
        },
      );
    }
  }

  /**
   * First of the shutdown hooks: running attempts are told to stop (they throw, and the queue retries them on a
   * worker that is still up)...
   */
  onModuleDestroy(): void {
    this.stopping.abort(new Error('this worker is shutting down'));
  }

  /** ...then, before the database connections close, the queue waits for them to hand back and closes its own. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: 20_000 });
    this.started = false;
  }

  /**
   * Queues a job; with `manager`, in that transaction, so the job exists exactly when the caller's rows commit. Null
   * when a singleton job of this key already took the current time slot.
   */
  async send<T extends object>(request: JobRequest<T>, manager?: EntityManager): Promise<string | null> {
    if (!this.definitions.has(request.kind)) throw new Error(`no job kind ${request.kind} is defined`);
    return this.boss.send(request.kind, request.data, {
      ...(request.singleton
        ? { singletonKey: request.singleton.key, singletonSeconds: request.singleton.seconds }
        : {}),
      ...(manager ? { db: transactionAdapter(manager) } : {}),
    });
  }

  /** The state pg-boss has for a job: created, retry, active, completed, cancelled or failed. */
  async stateOf(kind: string, jobId: string): Promise<{ state: string; output: unknown } | null> {
    const job = await this.boss.getJobById(kind, jobId);
    return job ? { state: job.state, output: job.output } : null;
  }

  /** Removes a finished job's row, e.g. when its output held something that must not stay at rest. */
  async forget(kind: string, jobId: string): Promise<void> {
    await this.boss.deleteJob(kind, jobId);
  }

  private async runAttempt(definition: JobDefinition<object>, job: JobWithMetadata<object>): Promise<unknown> {
    const context: JobContext = {
      jobId: job.id,
      attempt: job.retryCount + 1,
      lastAttempt: job.retryCount >= job.retryLimit,
      signal: this.stopping.signal,
    };
    this.logger.log(`${definition.kind} job ${job.id} attempt ${context.attempt} started`);
    const timer = metrics.jobDuration.startTimer({ kind: definition.kind });
    try {
      // Jobs are the platform's own work, for every park: they run in the system scope (row-level security).
      const output = await runInSystemScope(`job ${definition.kind}`, () => definition.run(job.data, context));
      timer({ outcome: 'completed' });
      return output;
    } catch (error) {
      timer({ outcome: this.stopping.signal.aborted ? 'interrupted' : 'failed' });
      this.logger.warn(
        `${definition.kind} job ${job.id} attempt ${context.attempt} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
  }

  /** Why a job ended in the dead letters: the last attempt's error as the queue recorded it. */
  private async lastFailure(kind: string, sourceId: string | null, retries: number | null): Promise<string> {
    const attempts = retries === null ? 'every attempt' : `${retries + 1} attempts`;
    const source = sourceId ? await this.boss.getJobById(kind, sourceId).catch(() => null) : null;
    const output = source?.output as { message?: unknown } | null | undefined;
    const message = typeof output?.message === 'string' ? output.message : 'its worker stopped answering';
    return `failed after ${attempts}: ${message}`.slice(0, 480);
  }

  private async ensureQueue(name: string, options: Record<string, unknown>): Promise<void> {
    if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
    else await this.boss.createQueue(name, options);
  }

  /** Jobs per kind and state, read when /metrics is scraped. */
  private async depths(): Promise<{ kind: string; state: string; count: number }[]> {
    if (!this.started) return [];
    const rows: { kind: string; state: string; count: number }[] = [];
    for (const kind of this.definitions.keys()) {
      for (const name of [kind, kind + DEAD_LETTER_SUFFIX]) {
        const queue = await this.boss.getQueue(name);
        if (!queue) continue;
        rows.push(
          { kind: name, state: 'queued', count: queue.queuedCount ?? 0 },
          { kind: name, state: 'active', count: queue.activeCount ?? 0 },
        );
      }
    }
    return rows;
  }
}

/** pg-boss's `db` interface over a TypeORM transaction: its statements run in the caller's transaction. */
function transactionAdapter(manager: EntityManager) {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const runner = manager.queryRunner;
      if (!runner) throw new Error('a transactional send needs the manager of a running transaction');
      const result = await runner.query(text, values, true);
      return { rows: result.records as unknown[] };
    },
  };
}
