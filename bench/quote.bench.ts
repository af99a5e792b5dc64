/**
 * Quote latency on the 8,000-firm demo cluster with 30 days of capacity: `npm run bench:quote`.
 *
 * 1. PostgreSQL: DATABASE_URL when set, otherwise an embedded throw-away server; a scratch database is created,
 *    migrated, filled with `generateDemoCluster({ firms: 8000, capacityDays: 30 })` and dropped at the end.
 * 2. (a) The engine alone (`quote`) on offers loaded once for the whole horizon; (b) the service path as it
 *    runs now: `QuoteService.quote` on the replica's free-capacity snapshot (one change-log check per quote, then
 *    the engine); (c) the database path (`CandidateLoader` → engine), as it ran before the snapshot, on a real
 *    connection pool. The same ~200 realistic orders for all (1–4 stages, 500–20,000 pieces, varied due dates),
 *    after a warm-up; then (d) sustained quotes per second through the snapshot with 4 quotes in flight.
 * 3. Prints a markdown table (median, p95, max, mean; peak RSS), where the database path's time goes (each SQL
 *    statement, rows returned), checks all paths give the same plans, and writes `bench/results/quote.json`.
 *
 * Options (environment): QUOTE_BENCH_FIRMS (8000), QUOTE_BENCH_ORDERS (200), QUOTE_BENCH_OUT (the JSON path),
 * QUOTE_BENCH_STRICT=1 to exit 1 when the service p95 misses the target.
 */
import 'reflect-metadata';
import { EventBus, UnitOfWork } from '@vg/core';
import {
  CandidateLoader,
  CapacityOffer,
  FreeCapacitySnapshot,
  OrderDemand,
  Plan,
  quote,
  QuoteService,
} from '@vg/matching';
import { PubSub } from 'graphql-subscriptions';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options';
import { loadDemoCluster } from '../apps/api/src/demo/demo-cluster-loader';
import { generateDemoCluster } from '../apps/api/src/demo/demo-cluster';
import { scratchDatabase } from './scratch-database';

const TARGET_P95_MS = 50;
const FIRMS = Number(process.env.QUOTE_BENCH_FIRMS ?? 8000);
const ORDERS = Number(process.env.QUOTE_BENCH_ORDERS ?? 200);
const WARM_UP = 20;
const CAPACITY_DAYS = 30;
/** Mirrors QUOTE_LOOKAHEAD_DAYS: the engine-alone offers cover the whole horizon plus the service's look-ahead. */
const LOOKAHEAD_DAYS = 45;
const OUT = process.env.QUOTE_BENCH_OUT ?? path.join(process.cwd(), 'bench', 'results', 'quote.json');

interface Stats {
  n: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    n: sorted.length,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted[sorted.length - 1]),
    meanMs: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const log = (message: string) => process.stderr.write(`${message}\n`);

/** Realistic orders from the cluster's own order generator, quantities kept within 500–20,000 pieces. */
function benchOrders(count: number): OrderDemand[] {
  const cluster = generateDemoCluster({
    firms: 50,
    capacityDays: CAPACITY_DAYS,
    includeMonthlyOutput: false,
    openOrders: count,
    seed: 7,
  });
  return cluster.openOrders.map((order) => ({
    orderId: order.key,
    quantity: Math.min(20_000, Math.max(500, order.quantity)),
    route: order.route.map((stage) => ({ ...stage })),
    earliestStart: order.earliestStart,
    dueDate: order.dueDate,
    preferredParkId: null,
    preferredGroupId: null,
  }));
}

/** Time per SQL statement (labelled by its shape) while `record` is on. */
function instrumentQueries(dataSource: DataSource) {
  const byStatement = new Map<string, { ms: number[]; rows: number[] }>();
  let recording = false;
  const manager = dataSource.manager;
  const original = manager.query.bind(manager);
  manager.query = (async (sql: string, parameters?: unknown[]) => {
    const started = performance.now();
    const result = await original(sql, parameters);
    if (recording) {
      const label = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
      const entry = byStatement.get(label) ?? { ms: [], rows: [] };
      entry.ms.push(performance.now() - started);
      entry.rows.push(Array.isArray(result) ? result.length : 0);
      byStatement.set(label, entry);
    }
    return result;
  }) as typeof manager.query;
  return {
    record(on: boolean) {
      recording = on;
    },
    report() {
      return [...byStatement].map(([statement, { ms, rows }]) => ({
        statement,
        ...stats(ms),
        meanRows: Math.round(rows.reduce((sum, n) => sum + n, 0) / rows.length),
      }));
    },
  };
}

class TimedCandidateLoader extends CandidateLoader {
  lastMs = 0;
  override async load(...args: Parameters<CandidateLoader['load']>) {
    const started = performance.now();
    const loaded = await super.load(...args);
    this.lastMs = performance.now() - started;
    return loaded;
  }
}

/** The server processes behind the pool's connections, when PostgreSQL runs on this machine (else none). */
async function postgresBackends(dataSource: DataSource): Promise<number[]> {
  const rows: { pid: number }[] = await dataSource.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  return rows.map((row) => row.pid).filter((pid) => existsSync(`/proc/${pid}/stat`));
}

/** User + system CPU of those processes in clock ticks (10 ms), or -1 when they cannot be read. */
function cpuTicksOf(pids: number[]): number {
  if (!pids.length) return -1;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return -1;
    }
  }
  return ticks;
}

function planKey(plan: Plan): string {
  return JSON.stringify(plan);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const database = await scratchDatabase('quote', log);
  let dataSource: DataSource | null = null;
  try {
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();

    log(`generating the ${FIRMS}-firm cluster…`);
    const cluster = generateDemoCluster({ firms: FIRMS, capacityDays: CAPACITY_DAYS, includeMonthlyOutput: false });
    const loadStarted = performance.now();
    await loadDemoCluster(dataSource, cluster);
    await dataSource.query('ANALYZE');
    const [{ listings, slots }] = await dataSource.query(
      `SELECT (SELECT COUNT(*) FROM capacity_listings)::int AS listings, (SELECT COUNT(*) FROM capacity_slots)::int AS slots`,
    );
    log(`loaded ${listings} listings, ${slots} slots in ${Math.round(performance.now() - loadStarted)} ms`);
    const { capacityStart, capacityEnd } = cluster.settings;

    const unitOfWork = new UnitOfWork(dataSource, new EventBus(new PubSub()));
    const loader = new TimedCandidateLoader(unitOfWork);
    const service = new QuoteService(loader);
    const snapshot = new FreeCapacitySnapshot(dataSource);
    const snapshotService = new QuoteService(loader, snapshot);
    const orders = benchOrders(ORDERS);
    const warmUp = benchOrders(ORDERS + WARM_UP).slice(ORDERS);

    // (a) The engine alone, on every offer of the horizon loaded once (grouped by process outside the timing).
    const allCodes = [...new Set(cluster.capacityListings.map((listing) => listing.processCode))];
    const to = new Date(Date.parse(`${capacityEnd}T00:00:00Z`) + LOOKAHEAD_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const { offers } = await loader.load({ processCodes: allCodes, from: capacityStart, to });
    const byProcess = new Map<string, CapacityOffer[]>();
    for (const offer of offers) byProcess.set(offer.processCode, [...(byProcess.get(offer.processCode) ?? []), offer]);
    const offersFor = (order: OrderDemand) =>
      [...new Set(order.route.map((stage) => stage.processCode))].flatMap((code) => byProcess.get(code) ?? []);
    for (const order of warmUp) quote(order, offersFor(order));
    gc();
    const engineMs: number[] = [];
    const enginePlans = new Map<string, string>();
    let feasible = 0;
    for (const order of orders) {
      const input = offersFor(order);
      const started = performance.now();
      const plan = quote(order, input);
      engineMs.push(performance.now() - started);
      enginePlans.set(order.orderId, planKey(plan));
      if (plan.feasible) feasible++;
    }

    // (b) The snapshot path: built once (timed), then one order after the other.
    const buildStarted = performance.now();
    await snapshot.load({ processCodes: [], from: capacityStart, to: capacityStart });
    const snapshotBuildMs = Math.round(performance.now() - buildStarted);
    for (const order of warmUp) await snapshotService.quote(order);
    gc();
    const snapshotMs: number[] = [];
    let snapshotMismatches = 0;
    for (const order of orders) {
      const started = performance.now();
      const outcome = await snapshotService.quote(order);
      snapshotMs.push(performance.now() - started);
      if (planKey(outcome.plan) !== enginePlans.get(order.orderId)) snapshotMismatches++;
    }

    // (d) Sustained: every order quoted through the snapshot, 4 at a time, for throughput on this machine.
    const sustainedStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < orders.length) await snapshotService.quote(orders[next++]);
      }),
    );
    const quotesPerSecond = Math.round((orders.length / ((performance.now() - sustainedStarted) / 1000)) * 10) / 10;

    // (c) The database path, one order after the other (reads on the pool, no transaction).
    const queries = instrumentQueries(dataSource);
    for (const order of warmUp) await service.quote(order);
    gc();
    const backends = await postgresBackends(dataSource);
    const postgresCpuBefore = cpuTicksOf(backends);
    const nodeCpuBefore = process.cpuUsage();
    queries.record(true);
    const serviceMs: number[] = [];
    const loadMs: number[] = [];
    const restMs: number[] = [];
    let mismatches = 0;
    for (const order of orders) {
      const started = performance.now();
      const outcome = await service.quote(order);
      const total = performance.now() - started;
      serviceMs.push(total);
      loadMs.push(loader.lastMs);
      restMs.push(total - loader.lastMs);
      if (planKey(outcome.plan) !== enginePlans.get(order.orderId)) mismatches++;
    }
    queries.record(false);
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const postgresCpuTicks = cpuTicksOf(backends) - postgresCpuBefore;
    // CPU per quote does not grow when other work shares the machine, unlike wall time: a floor for a quiet one.
    const cpuMsPerQuote = {
      node: Math.round(((nodeCpu.user + nodeCpu.system) / 1000 / orders.length) * 100) / 100,
      postgres: postgresCpuTicks < 0 ? null : Math.round(((postgresCpuTicks * 10) / orders.length) * 100) / 100,
    };
    const loadAverage = os.loadavg().map((value) => Math.round(value * 100) / 100);

    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const result = {
      benchmark: 'quote',
      ranAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      database: database.kind,
      cluster: { firms: FIRMS, capacityDays: CAPACITY_DAYS, listings, slots },
      orders: { count: orders.length, warmUp: WARM_UP, feasible, quantityRange: [500, 20_000] },
      targetP95Ms: TARGET_P95_MS,
      engine: stats(engineMs),
      snapshot: stats(snapshotMs),
      snapshotBuildMs,
      sustainedQuotesPerSecond: quotesPerSecond,
      databasePath: stats(serviceMs),
      databasePathCandidateLoading: stats(loadMs),
      databasePathEngineAndRest: stats(restMs),
      statements: queries.report(),
      plansDifferingFromEngine: { snapshot: snapshotMismatches, database: mismatches },
      cpuMsPerQuote,
      loadAverage,
      peakRssMb: rssMb,
      targetMet: stats(snapshotMs).p95Ms <= TARGET_P95_MS,
      totalSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);

    const row = (name: string, s: Stats) =>
      `| ${name} | ${s.n} | ${s.medianMs} | ${s.p95Ms} | ${s.maxMs} | ${s.meanMs} |`;
    console.log(
      [
        `## Quote latency: ${FIRMS} firms, ${listings} listings, ${slots} slots (${CAPACITY_DAYS} days), ${orders.length} orders (${feasible} feasible)`,
        '',
        '| path | n | median ms | p95 ms | max ms | mean ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        row('engine alone (`quote`)', result.engine),
        row('service on the snapshot (`QuoteService.quote`)', result.snapshot),
        row('service on PostgreSQL (`CandidateLoader`, before)', result.databasePath),
        row('… of which candidate loading (SQL)', result.databasePathCandidateLoading),
        row('… of which engine and the rest', result.databasePathEngineAndRest),
        '',
        `Snapshot built in ${snapshotBuildMs} ms; sustained ${quotesPerSecond} quotes/s through it (4 in flight).`,
        '',
        '| statement (database path) | n | median ms | p95 ms | mean rows |',
        '| --- | ---: | ---: | ---: | ---: |',
        ...result.statements.map(
          (s) => `| \`${s.statement}…\` | ${s.n} | ${s.medianMs} | ${s.p95Ms} | ${s.meanRows} |`,
        ),
        '',
        `CPU per database-path quote: ${cpuMsPerQuote.node} ms node + ${cpuMsPerQuote.postgres ?? '?'} ms PostgreSQL ` +
          `(load average during the run: ${loadAverage.join(', ')} on ${os.cpus().length} cores).`,
        `Peak RSS ${rssMb} MB. Plans differing from the engine alone: snapshot ${snapshotMismatches}, database ${mismatches}. ` +
          `Target p95 ≤ ${TARGET_P95_MS} ms: ${result.targetMet ? 'met' : 'MISSED'}. Results: ${path.relative(process.cwd(), OUT)}`,
      ].join('\n'),
    );
    if (mismatches > 0 || snapshotMismatches > 0) process.exitCode = 1;
    if (!result.targetMet && process.env.QUOTE_BENCH_STRICT === '1') process.exitCode = 1;
    await snapshot.onModuleDestroy();
  } finally {
    await dataSource?.destroy();
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
