/**
 * The cockpit's queries on the 8,000-firm demo park with 3 years of monthly records: `npm run bench:cockpit`.
 *
 * 1. PostgreSQL: DATABASE_URL when set, otherwise an embedded throw-away server; a scratch database is created,
 *    migrated and filled with `generateDemoCluster({ firms: 8000 })` through `loadDemoCluster` (monthly output too:
 *    written here from the generator's stream when the loader has not written it), two published evaluation rounds
 *    computed by the real engine from the cluster's annual figures, a virtual group, and orders posted over the API.
 * 2. The api is started on that database; a park admin signs in. Each cockpit query is sent as GraphQL over HTTP
 *    (after a warm-up) and timed; then the SQL it ran (captured with TypeORM's before/after-query hooks) is replayed
 *    straight on the same pool, side by side where the services ran statements side by side, and timed the same way.
 * 3. Prints a markdown table (median and p95 over HTTP and for the SQL alone, their ratio; target ≤ 3×) and writes
 *    `bench/results/cockpit.json`.
 *
 * Options (environment): COCKPIT_BENCH_FIRMS (8000), COCKPIT_BENCH_RUNS (30), COCKPIT_BENCH_OUT (the JSON path),
 * COCKPIT_BENCH_STRICT=1 to exit 1 when a ratio misses the target, COCKPIT_BENCH_EXPLAIN=1 to log each statement's plan.
 */
import 'reflect-metadata';
import { todayInChina } from '@vg/core';
import { evaluate, FirmYearInput, HUANGYAN_2022_SCHEME, storeComputation, StoredInput } from '@vg/evaluation';
import { ProposalExpiryScheduler } from '@vg/matching';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import { DEMO_PASSWORD, DEMO_USERS, demoId, loadDemoCluster } from '../apps/api/src/demo/demo-cluster-loader';
import { DemoCluster, generateDemoCluster, generateDemoMonthlyOutput } from '../apps/api/src/demo/demo-cluster';
import { scratchDatabase, startBenchApi } from './scratch-database';

const FIRMS = Number(process.env.COCKPIT_BENCH_FIRMS ?? 8000);
const RUNS = Number(process.env.COCKPIT_BENCH_RUNS ?? 30);
const WARM_UP = 3;
const EXPLAIN = process.env.COCKPIT_BENCH_EXPLAIN === '1';
const ORDERS = 60;
const TARGET_RATIO = 3;
const SEEDED_SCHEME_ID = '00000000-0000-4000-8000-0000000e2022';
const OUT = process.env.COCKPIT_BENCH_OUT ?? path.join(process.cwd(), 'bench', 'results', 'cockpit.json');

const log = (message: string) => process.stderr.write(`${message}\n`);
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

interface Stats {
  medianMs: number;
  p95Ms: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { medianMs: Math.round(at(0.5) * 100) / 100, p95Ms: Math.round(at(0.95) * 100) / 100 };
}

async function insertRows(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${parameters.push(value)}`).join(', ')})`);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, parameters);
  }
}

/** Monthly output from the generator's stream, unless the demo loader already wrote it. */
async function ensureMonthlyOutput(
  dataSource: DataSource,
  cluster: DemoCluster,
  options: Parameters<typeof generateDemoCluster>[0],
) {
  const [{ rows }] = await dataSource.query('SELECT COUNT(*)::int AS rows FROM firm_monthly_output');
  if (rows > 0) return rows;
  const [{ id: userId }] = await dataSource.query(`SELECT id FROM users WHERE role = 'PLATFORM_ADMIN' LIMIT 1`);
  const parkOf = new Map(cluster.firms.map((firm) => [firm.key, demoId('park', firm.parkKey)]));
  let batch: unknown[][] = [];
  let written = 0;
  for (const record of generateDemoMonthlyOutput({ ...options, includeMonthlyOutput: true })) {
    batch.push([
      demoId('firm', record.firmKey),
      parkOf.get(record.firmKey),
      `${record.month}-01`,
      record.outputValueYuan,
      'IMPORTED',
      'APPROVED',
      userId,
    ]);
    if (batch.length === 20_000) {
      await insertRows(
        dataSource,
        'firm_monthly_output',
        ['firm_id', 'park_id', 'month', 'output_value', 'source', 'audit_state', 'entered_by'],
        batch,
      );
      written += batch.length;
      batch = [];
    }
  }
  await insertRows(
    dataSource,
    'firm_monthly_output',
    ['firm_id', 'park_id', 'month', 'output_value', 'source', 'audit_state', 'entered_by'],
    batch,
  );
  return written + batch.length;
}

/** Two published rounds (the cluster's two latest annual years), computed by the engine, stored as the context does. */
async function publishRounds(dataSource: DataSource, cluster: DemoCluster, parkId: string): Promise<number> {
  const [{ id: userId }] = await dataSource.query(`SELECT id FROM users WHERE role = 'PLATFORM_ADMIN' LIMIT 1`);
  const plotsOf = new Map<string, { ids: string[]; m2: number; owned: boolean }>();
  for (const plot of cluster.landPlots) {
    const entry = plotsOf.get(plot.firmKey) ?? { ids: [], m2: 0, owned: false };
    entry.ids.push(demoId('plot', plot.certificateNo));
    entry.m2 += Number(plot.areaM2);
    entry.owned ||= plot.tenure === 'OWNED';
    plotsOf.set(plot.firmKey, entry);
  }
  let results = 0;
  for (const year of cluster.settings.annualYears.slice(-2)) {
    const inputs: FirmYearInput[] = cluster.annualFigures
      .filter((figures) => figures.year === year)
      .map((figures) => {
        const firm = cluster.firms.find((candidate) => candidate.key === figures.firmKey)!;
        const land = plotsOf.get(firm.key);
        return {
          firmId: demoId('firm', firm.key),
          scale: firm.scaleByYear[year] === 'ABOVE' ? 'above' : 'below',
          hasOwnLand: land?.owned ?? false,
          figures: {
            taxPaid: figures.taxPaidWanYuan,
            industrialOutput: figures.industrialOutputWanYuan,
            valueAdded: figures.valueAddedWanYuan,
            revenue: figures.revenueWanYuan,
            rdSpending: figures.rdSpendingWanYuan,
            avgEmployees: figures.avgEmployees,
            energyTce: figures.energyTce,
            electricityWankwh: figures.electricityWanKwh,
            ...(figures.emissionsT === null ? {} : { emissionsT: figures.emissionsT }),
            ...(land ? { landM2: land.m2.toFixed(2) } : {}),
          },
        };
      });
    const evaluated = evaluate(HUANGYAN_2022_SCHEME, inputs);
    const firmKeyOf = new Map(cluster.firms.map((firm) => [demoId('firm', firm.key), firm.key]));
    await dataSource.transaction(async (manager) => {
      const [round] = await manager.query(
        `INSERT INTO evaluation_rounds (park_id, year, version, scheme_id, status, computed_at, firm_count, created_by)
         VALUES ($1, $2, 1, $3, 'COMPUTED', now(), $4, $5) RETURNING id, park_id AS "parkId"`,
        [parkId, year, SEEDED_SCHEME_ID, inputs.length, userId],
      );
      const stored: StoredInput[] = inputs.map((input) => ({
        input,
        origins: { landM2: { landPlotIds: plotsOf.get(firmKeyOf.get(input.firmId)!)?.ids ?? [] } },
        sheetConfirmed: true,
      }));
      const computationId = await storeComputation(manager, round, evaluated.firms, stored);
      await manager.query(
        `UPDATE evaluation_rounds SET status = 'PUBLISHED', computation_id = $2, published_at = now() WHERE id = $1`,
        [round.id, computationId],
      );
    });
    results += evaluated.firms.length;
  }
  return results;
}

interface Timed {
  query: string;
  parameters: unknown[] | undefined;
  start: number;
  end: number;
}

/** Consecutive statements that started before any of the current group had finished ran side by side. */
function inWaves(statements: Timed[]): Timed[][] {
  const waves: Timed[][] = [];
  for (const statement of [...statements].sort((a, b) => a.start - b.start)) {
    const current = waves.at(-1);
    if (current && statement.start < Math.min(...current.map((other) => other.end))) current.push(statement);
    else waves.push([statement]);
  }
  return waves;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const database = await scratchDatabase('cockpit', log);
  let app: INestApplication | null = null;
  try {
    // Loading 8,000 firms × 3 years runs statements longer than the api's 25 s limit on a loaded 2-core machine.
    const api = await startBenchApi(database.url, { REQUEST_TIMEOUT_MS: '600000', STATEMENT_TIMEOUT_MS: '590000' });
    app = api.app;
    const { base, dataSource } = api;
    // Its once-a-minute sweep would land in the timings.
    app.get(ProposalExpiryScheduler).onApplicationShutdown();

    const today = todayInChina();
    const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
    const options = {
      seed: 1,
      firms: FIRMS,
      parks: 1,
      asOf: lastMonthEnd,
      capacityStart: addDays(today, -14),
      capacityDays: 60,
      includeMonthlyOutput: false,
    };
    log(`generating the ${FIRMS}-firm cluster…`);
    const cluster = generateDemoCluster(options);
    let phase = performance.now();
    const { parkId } = await loadDemoCluster(dataSource, cluster);
    const monthly = await ensureMonthlyOutput(dataSource, cluster, options);
    const results = await publishRounds(dataSource, cluster, parkId);
    await dataSource.query('ANALYZE');
    log(
      `loaded ${cluster.firms.length} firms, ${monthly} monthly records, ${results} evaluation results in ${Math.round(performance.now() - phase)} ms`,
    );

    const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const login = async (email: string) =>
      (
        (
          await gql('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
            input: { email, password: DEMO_PASSWORD },
          })
        ).login as { accessToken: string }
      ).accessToken;
    const [adminToken, buyerToken] = [await login(DEMO_USERS.parkAdmin), await login(DEMO_USERS.buyer)];

    phase = performance.now();
    const orders = generateDemoCluster({ ...options, firms: 50, openOrders: ORDERS, seed: 7 }).openOrders;
    for (const [index, order] of orders.entries()) {
      await gql(
        'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }',
        {
          input: {
            idempotencyKey: `bench-cockpit-${index}`,
            product: order.product,
            quantity: Math.min(20_000, order.quantity),
            route: order.route.map((stage) => ({
              processCode: stage.processCode,
              leadDays: stage.leadDays,
              maxUnitPrice: (stage.maxUnitPriceFen / 100).toFixed(2),
            })),
            earliestStart: addDays(today, 1),
            dueDate: addDays(today, 40),
            preferredParkId: parkId,
          },
        },
        buyerToken,
      );
    }
    const sewing: { id: string }[] = await dataSource.query(
      `SELECT f.id FROM firms f JOIN firm_processes p ON p.firm_id = f.id AND p.process_code = 'SEWING'
        WHERE f.park_id = $1 ORDER BY f.id LIMIT 40`,
      [parkId],
    );
    const joinedOn = `${monthOf(monthIndex(today.slice(0, 7)) - 14)}-01`;
    const group = (
      await gql(
        'mutation ($input: FormVirtualGroupInput!) { formVirtualGroup(input: $input) { id } }',
        {
          input: {
            name: '女式羽绒服虚拟集团',
            productLine: '女式羽绒服',
            stageProcesses: ['SEWING'],
            leadFirmId: sewing[0].id,
            members: sewing.map((firm) => ({ firmId: firm.id, stageProcess: 'SEWING', joinedOn })),
          },
        },
        adminToken,
      )
    ).formVirtualGroup as { id: string };
    log(
      `posted ${orders.length} orders and formed a ${sewing.length}-member group in ${Math.round(performance.now() - phase)} ms`,
    );

    const lastMonth = lastMonthEnd.slice(0, 7);
    const cases: { name: string; query: string; variables: Record<string, unknown> }[] = [
      {
        name: 'cockpitOutput (36 months)',
        query: `query ($from: String!, $to: String!) { cockpitOutput(fromMonth: $from, toMonth: $to) { months { month outputValue platformOutput } byIndustryGroup { industryGroup month outputValue } byStage { processCode month platformOutput } totals { outputValue platformOutput platformShare } processes { code nameZh } } }`,
        variables: { from: monthOf(monthIndex(lastMonth) - 35), to: lastMonth },
      },
      {
        name: 'cockpitCapacity (31 days, by day)',
        query: `query ($from: Date!, $to: Date!) { cockpitCapacity(from: $from, to: $to) { cells { processCode period listed booked utilisation } byProcess { processCode utilisation } idleNow { processCode idle firmsWithIdleCapacity } processes { code nameZh } } }`,
        variables: { from: addDays(today, -7), to: addDays(today, 23) },
      },
      {
        name: 'cockpitCapacity (1 year, by week)',
        query: `query ($from: Date!, $to: Date!) { cockpitCapacity(from: $from, to: $to, granularity: WEEK) { cells { processCode period listed booked utilisation } } }`,
        variables: { from: addDays(today, -300), to: addDays(today, 60) },
      },
      {
        name: 'cockpitOrders (1 year)',
        query: `query ($from: Date!, $to: Date!) { cockpitOrders(from: $from, to: $to) { totals { posted planned confirmed delivered } months { month posted } statusNow { status count } fillRate orderOnTimeRate stageOnTimeRate averageQuoteToConfirmHours } }`,
        variables: { from: addDays(today, -364), to: today },
      },
      {
        name: 'cockpitUplift',
        query: `{ cockpitUplift { firms coveredFirms averageUpliftPercent medianUpliftPercent totalAddedOutput buckets { lowerPercent upperPercent firms } notCovered { reason firms } } }`,
        variables: {},
      },
      {
        name: 'cockpitEvaluation (+ 50 D-land rows)',
        query: `{ cockpitEvaluation { round { id year } classes { class firms landAreaMu landShare } movement { fromClass toClass firms } dLand(first: 50) { totalCount nodes { firmName plots areaMu taxPerMu score } } } }`,
        variables: {},
      },
      ...(['OUTPUT', 'UPLIFT', 'PLATFORM_SHARE', 'SCORE', 'TAX_PER_MU', 'VALUE_ADDED_PER_MU'] as const).map(
        (indicator) => ({
          name: `cockpitRanking ${indicator} (10 + 10)`,
          query: `query ($indicator: RankingIndicator!) { cockpitRanking(indicator: $indicator, first: 10) { rankedFirms top { firmName value explanation { query variables } } bottom { firmName value } } }`,
          variables: { indicator },
        }),
      ),
      {
        name: `groupPerformance (${sewing.length} members)`,
        query: `query ($id: ID!) { groupPerformance(groupId: $id) { totals { currentOutput addedOutput upliftPercent } members { firmName upliftPercent class } months { month outputValue } grades { class firms } orders { posted } } }`,
        variables: { id: group.id },
      },
    ];

    // Every statement with its start and end: statements that ran side by side are replayed side by side, and a
    // statement that waited for others (e.g. a field resolved after its parent) after them.
    const timeline: Timed[] = [];
    const running = new Map<unknown, Timed>();
    const timer: EntitySubscriberInterface = {
      beforeQuery(event) {
        const entry = {
          query: event.query,
          parameters: event.parameters as unknown[] | undefined,
          start: performance.now(),
          end: Infinity,
        };
        timeline.push(entry);
        running.set(event.queryRunner, entry);
      },
      afterQuery(event) {
        const entry = running.get(event.queryRunner);
        if (entry) entry.end = performance.now();
        running.delete(event.queryRunner);
      },
    };
    dataSource.subscribers.push(timer);
    const rows: { name: string; statements: number; waves: number; graphql: Stats; sql: Stats; ratio: number }[] = [];
    for (const benchCase of cases) {
      log(`${benchCase.name}…`);
      timeline.length = 0;
      await gql(benchCase.query, benchCase.variables, adminToken);
      const waves = inWaves([...timeline]);
      if (EXPLAIN) {
        for (const statement of waves.flat()) {
          const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
            `EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`,
            statement.parameters,
          );
          log(plan.map((line) => `    ${line['QUERY PLAN']}`).join('\n'));
        }
      }
      for (let i = 0; i < WARM_UP; i++) await gql(benchCase.query, benchCase.variables, adminToken);
      const overHttp: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await gql(benchCase.query, benchCase.variables, adminToken);
        overHttp.push(performance.now() - started);
      }
      const direct: number[] = [];
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const started = performance.now();
        for (const wave of waves)
          await Promise.all(wave.map((statement) => dataSource.query(statement.query, statement.parameters)));
        if (i >= WARM_UP) direct.push(performance.now() - started);
      }
      const graphql = stats(overHttp);
      const sql = stats(direct);
      const row = {
        name: benchCase.name,
        statements: waves.flat().length,
        waves: waves.length,
        graphql,
        sql,
        ratio: Math.round((graphql.medianMs / sql.medianMs) * 100) / 100,
      };
      rows.push(row);
      log(`${row.name}: ${graphql.medianMs} ms over HTTP, ${sql.medianMs} ms SQL (${row.statements} statements)`);
    }
    dataSource.subscribers.splice(dataSource.subscribers.indexOf(timer), 1);

    const lines = [
      `Cockpit queries on a ${FIRMS}-firm park, 36 months of output, 2 published rounds (${RUNS} runs each, after ${WARM_UP} warm-up)`,
      '',
      '| query | SQL statements (waves) | GraphQL/HTTP median ms | p95 ms | SQL alone median ms | p95 ms | ratio (target ≤ 3×) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (row) =>
          `| ${row.name} | ${row.statements} (${row.waves}) | ${row.graphql.medianMs} | ${row.graphql.p95Ms} | ${row.sql.medianMs} | ${row.sql.p95Ms} | ${row.ratio}× |`,
      ),
    ];
    console.log(lines.join('\n'));
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(
      OUT,
      `${JSON.stringify({ firms: FIRMS, monthlyRecords: monthly, evaluationResults: results, runs: RUNS, targetRatio: TARGET_RATIO, machine: { cpus: os.cpus().length, node: process.version }, totalMs: Date.now() - startedAt, queries: rows }, null, 2)}\n`,
    );
    log(`wrote ${OUT}`);
    if (process.env.COCKPIT_BENCH_STRICT === '1' && rows.some((row) => row.ratio > TARGET_RATIO)) process.exitCode = 1;
  } finally {
    await app?.close();
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
