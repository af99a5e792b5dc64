import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, served at `/metrics` (api) and on METRICS_PORT (worker). One registry per
 * process, module-level so that a lib records with one line (`metrics.quoteDuration.observe(…)`) and no injection.
 * Every name starts with `vg_`; the README lists them.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'vg_' });

const registers = [metricsRegistry];
/** Seconds: from a cached read (1 ms) to a request at its deadline (30 s). */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: from a small import (0.1 s) to a re-plan of a large park (15 min). */
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900];

type QueueDepth = () => Promise<{ kind: string; state: string; count: number }[]>;
type PoolUsage = () => { total: number; idle: number; waiting: number };

let queueDepth: QueueDepth | null = null;
let poolUsage: PoolUsage | null = null;

export const metrics = {
  graphqlDuration: new Histogram({
    name: 'vg_graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name and type, from parsing to the encoded answer',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  graphqlErrors: new Counter({
    name: 'vg_graphql_errors_total',
    help: 'GraphQL errors by operation and extensions.code',
    labelNames: ['operation', 'code'] as const,
    registers,
  }),
  jobDuration: new Histogram({
    name: 'vg_job_duration_seconds',
    help: 'Job attempts by kind and outcome (completed, failed, interrupted)',
    labelNames: ['kind', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers,
  }),
  jobsDeadLettered: new Counter({
    name: 'vg_jobs_dead_lettered_total',
    help: 'Jobs that used all their attempts and were recorded as failed',
    labelNames: ['kind'] as const,
    registers,
  }),
  jobQueueDepth: new Gauge({
    name: 'vg_job_queue_jobs',
    help: 'Jobs waiting (queued, including retries) and running (active), by queue',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const row of (await queueDepth?.().catch(() => [])) ?? []) {
        this.set({ kind: row.kind, state: row.state }, row.count);
      }
    },
  }),
  databasePool: new Gauge({
    name: 'vg_db_pool_connections',
    help: 'The api’s PostgreSQL pool: connections open (total), idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const usage = poolUsage?.();
      if (!usage) return;
      this.set({ state: 'total' }, usage.total);
      this.set({ state: 'idle' }, usage.idle);
      this.set({ state: 'waiting' }, usage.waiting);
    },
  }),
  bookingConflicts: new Counter({
    name: 'vg_booking_conflicts_total',
    help: 'Bookings refused because a slot had no room left by the time the guarded update ran',
    labelNames: ['context'] as const,
    registers,
  }),
  transactionRetries: new Counter({
    name: 'vg_transaction_retries_total',
    help: 'Transactions run again after a serialization failure (40001) or deadlock (40P01)',
    labelNames: ['sqlstate'] as const,
    registers,
  }),
  quoteDuration: new Histogram({
    name: 'vg_quote_duration_seconds',
    help: 'Quoting one order: candidates loaded, engine run, offers chosen',
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  /** Read queue depth from the job queue when scraped. */
  observeJobQueue(depth: QueueDepth): void {
    queueDepth = depth;
  },
  /** Read pool usage from the data source when scraped. */
  observeDatabasePool(usage: PoolUsage): void {
    poolUsage = usage;
  },
};
