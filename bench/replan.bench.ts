import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildReplanModel,
  greedyReplan,
  replan,
  resolveFairness,
  toEngineInputs,
  type PlanningInstance,
  type ReplanResult,
  type VgPlan,
} from '@vg/matching';
import { generateClusterInstance } from '../tests/fixtures/replan-cluster-instance';
import type { ReplanInstanceSpec } from '../tests/fixtures/replan-instance-generator';
import { buildMinCostNetwork, solveWithLemon } from './replan/min-cost-network';
import { processBound } from './replan/process-bound';

/**
 * `npm run bench:replan`: the cluster re-plan with the buyers' constraints switched on, on instances generated in
 * the `vg-planning-instance/1` format (`tests/fixtures/replan-cluster-instance.ts`: firms around six towns in an
 * 80 km region, orders wanting firms within 10–15 km of their delivery point, rating floors, certifications, a
 * few exclusions, transport at 0.004 yuan per piece-km; the re-plan generator's busy season, windows, prices and
 * minimum orders underneath). Each solver runs in its own child process, so wall time and peak RSS are its own.
 *
 * Yardsticks, under the engine's own eligibility and costs (`buildReplanModel`):
 * - single-stage: `min-cost`, the exact minimum-cost maximum flow (LEMON's Preflow and NetworkSimplex over the
 *   segment-tree network of `replan/min-cost-network.ts`; minimum order quantities relaxed as in the LP): the
 *   maximum fill, the minimum goods + transport cost at that fill, and the minimum cost at the engine's own fill;
 * - multi-stage: `process-bound`, the tightest per-process maximum-flow cut (an upper bound on any plan's fill).
 * `replan:file` is timed on the 8,000 × 5,000 files: the CLI reads, plans and writes, and reports solveMs.
 */

interface Case {
  name: string;
  spec: ReplanInstanceSpec;
  file: boolean;
}

/**
 * Without minimum order quantities, so that the min-cost yardstick is exact for the instance (it relaxes them, as
 * the LP does); the last case keeps them to show how far that relaxed yardstick then is from any valid plan.
 */
const CASES: Case[] = [
  {
    name: 'single 1,000 × 500',
    spec: { seed: 11, firms: 1000, orders: 500, stages: 'single', minOrderQuantities: false },
    file: false,
  },
  {
    name: 'single 8,000 × 5,000',
    spec: { seed: 13, firms: 8000, orders: 5000, stages: 'single', minOrderQuantities: false },
    file: true,
  },
  {
    name: 'multi 1,000 × 500',
    spec: { seed: 21, firms: 1000, orders: 500, stages: 'multi', minOrderQuantities: false },
    file: false,
  },
  {
    name: 'multi 8,000 × 5,000',
    spec: { seed: 23, firms: 8000, orders: 5000, stages: 'multi', minOrderQuantities: false },
    file: true,
  },
  {
    name: 'single 1,000 × 500, minimum orders',
    spec: { seed: 11, firms: 1000, orders: 500, stages: 'single' },
    file: false,
  },
];

type Solver = 'engine' | 'greedy' | 'min-cost' | 'process-bound' | 'replan-file';

interface Measurement {
  solver: Solver;
  status: string;
  seconds: number | null;
  /** CPU seconds (user + system) of the measured work: what the wall time would be on an idle core. */
  cpuSeconds?: number | null;
  peakRssMb: number | null;
  unitsDemanded: number;
  unitsFilled: number | null;
  /** Goods + transport, fen. */
  costFen: number | null;
  transportFen?: number | null;
  /** min-cost only: the minimum cost (fen) of exactly the engine's fill. */
  costAtEngineFillFen?: number | null;
  eligiblePairs?: number;
}

function instanceOf(caseIndex: number): PlanningInstance {
  return generateClusterInstance(CASES[caseIndex].spec);
}

function measureInChild(caseIndex: number, solver: Solver, extra: string[] = []): Measurement {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', __filename, 'child', String(caseIndex), solver, ...extra],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 3600 * 1000 },
  );
  const line = child.stdout?.trim().split('\n').at(-1);
  try {
    return JSON.parse(line ?? '') as Measurement;
  } catch {
    return {
      solver,
      status: `failed: ${child.error?.message ?? (child.stderr ?? '').split('\n').slice(-3).join(' ')}`,
      seconds: null,
      peakRssMb: null,
      unitsDemanded: 0,
      unitsFilled: null,
      costFen: null,
    };
  }
}

function child(caseIndex: number, solver: Solver, extra: string[]): void {
  const instance = instanceOf(caseIndex);
  const { orders, offers } = toEngineInputs(instance);
  const unitsDemanded = orders.reduce((sum, order) => sum + order.quantity, 0);
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = () => {
    const used = process.cpuUsage(cpuStart);
    return (used.user + used.system) / 1e6;
  };
  const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  const base = { solver, status: 'ok', unitsDemanded };
  let measurement: Measurement;
  if (solver === 'engine' || solver === 'greedy') {
    const result: ReplanResult = solver === 'engine' ? replan(orders, offers) : greedyReplan(orders, offers);
    measurement = {
      ...base,
      seconds: seconds(),
      cpuSeconds: cpuSeconds(),
      peakRssMb: peakRssMb(),
      unitsFilled: result.totals.unitsFilled,
      costFen: result.totals.costFen + result.totals.transportCostFen,
      transportFen: result.totals.transportCostFen,
    };
  } else if (solver === 'min-cost') {
    const model = buildReplanModel(orders, offers, resolveFairness(undefined));
    const solved = solveWithLemon(buildMinCostNetwork(model), extra.map(Number));
    measurement = {
      ...base,
      status: 'optimal',
      seconds: seconds(),
      cpuSeconds: cpuSeconds(),
      peakRssMb: peakRssMb(),
      unitsFilled: solved.maxFlow,
      costFen: solved.costs[0].costFen,
      costAtEngineFillFen: solved.costs[1]?.costFen ?? null,
      eligiblePairs: model.eligible.length,
    };
  } else if (solver === 'process-bound') {
    const bound = processBound(orders, offers);
    measurement = {
      ...base,
      status: `upper bound, cut at ${bound.processCode}`,
      seconds: seconds(),
      cpuSeconds: cpuSeconds(),
      peakRssMb: peakRssMb(),
      unitsFilled: bound.filledUnits,
      costFen: null,
    };
  } else {
    // The CLI on a written file, in its own process; solveMs is the CLI's own figure.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replan-file-'));
    const input = path.join(dir, 'instance.json');
    const output = path.join(dir, 'plan.json');
    fs.writeFileSync(input, JSON.stringify(instance));
    const megabytes = fs.statSync(input).size / 1e6;
    const cli = path.join(__dirname, '..', 'apps', 'api', 'src', 'cli', 'replan-file.js');
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', cli, input, output], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const plan = JSON.parse(fs.readFileSync(output, 'utf8')) as VgPlan;
    fs.rmSync(dir, { recursive: true, force: true });
    const fen = (yuan: string) => Math.round(Number(yuan) * 100);
    measurement = {
      ...base,
      status: `solveMs ${plan.solveMs} (file ${megabytes.toFixed(0)} MB)`,
      seconds: plan.solveMs / 1000,
      peakRssMb: null,
      unitsFilled: plan.totals.filledUnits,
      costFen: fen(plan.totals.goodsCost) + fen(plan.totals.transportCost),
      transportFen: fen(plan.totals.transportCost),
    };
  }
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '—' : value.toFixed(digits);
const count = (value: number | null) => (value === null ? '—' : Math.round(value).toLocaleString('en'));

function main(): void {
  const only = process.env.REPLAN_BENCH_CASES?.split(',').map(Number);
  const rows: { case: string; measurements: Measurement[] }[] = [];
  for (const [index, benchCase] of CASES.entries()) {
    if (only && !only.includes(index)) continue;
    const single = benchCase.spec.stages === 'single';
    const measurements: Measurement[] = [];
    const run = (solver: Solver, extra: string[] = []) => {
      const measurement = measureInChild(index, solver, extra);
      measurements.push(measurement);
      console.error(`${benchCase.name} ${solver}: ${JSON.stringify(measurement)}`);
      return measurement;
    };
    const engine = run('engine');
    run('greedy');
    if (single) run('min-cost', engine.unitsFilled === null ? [] : [String(engine.unitsFilled)]);
    else run('process-bound');
    if (benchCase.file) run('replan-file');
    rows.push({ case: benchCase.name, measurements });
  }
  const lines = [
    '| instance | solver | wall s | cpu s | peak RSS MB | filled on time | of demand | of max fill (or bound) | goods + transport (yuan) | transport (yuan) | fen per filled unit | vs min at max fill |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const notes: string[] = [];
  for (const row of rows) {
    const yardstick = row.measurements.find((m) => m.solver === 'min-cost' || m.solver === 'process-bound');
    const minPerUnit =
      yardstick?.solver === 'min-cost' && yardstick.costFen !== null && yardstick.unitsFilled
        ? yardstick.costFen / yardstick.unitsFilled
        : null;
    for (const m of row.measurements) {
      const perUnit = m.costFen === null || !m.unitsFilled ? null : m.costFen / m.unitsFilled;
      const ofDemand = m.unitsFilled === null ? null : (100 * m.unitsFilled) / m.unitsDemanded;
      const ofBest =
        m.unitsFilled === null || !yardstick?.unitsFilled ? null : (100 * m.unitsFilled) / yardstick.unitsFilled;
      const vsMin = perUnit === null || minPerUnit === null ? null : 100 * (perUnit / minPerUnit - 1);
      const label = m.solver === 'min-cost' ? 'min-cost max-flow (exact)' : m.solver;
      lines.push(
        `| ${row.case} | ${label}${m.status === 'ok' || m.status === 'optimal' ? '' : ` (${m.status})`} | ${fmt(m.seconds, 2)} | ${fmt(m.cpuSeconds, 2)} | ${m.peakRssMb ?? '—'} | ${count(m.unitsFilled)} | ${fmt(ofDemand)}% | ${ofBest === null ? '—' : `${fmt(ofBest, 2)}%`} | ${count(m.costFen === null ? null : m.costFen / 100)} | ${count(m.transportFen === undefined || m.transportFen === null ? null : m.transportFen / 100)} | ${fmt(perUnit, 2)} | ${vsMin === null ? '—' : `${vsMin >= 0 ? '+' : ''}${fmt(vsMin, 2)}%`} |`,
      );
      if (m.solver === 'min-cost' && m.costAtEngineFillFen) {
        const engine = row.measurements.find((e) => e.solver === 'engine');
        const gap = engine?.costFen ? 100 * (engine.costFen / m.costAtEngineFillFen - 1) : null;
        notes.push(
          `${row.case}: ${m.eligiblePairs?.toLocaleString('en')} eligible order × listing pairs; minimum cost of exactly ` +
            `the engine's fill ${count(m.costAtEngineFillFen / 100)} yuan, engine ${gap === null ? '—' : `+${fmt(gap, 2)}%`} above it.`,
        );
      }
    }
  }
  const table = [...lines, '', ...notes].join('\n');
  console.log(table);
  fs.mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(process.cwd(), 'bench', 'results', 'replan.json'),
    `${JSON.stringify({ benchmark: 'replan', ranAt: new Date().toISOString(), cpus: os.cpus().length, loadAverage: os.loadavg(), rows, table }, null, 2)}\n`,
  );
}

if (process.argv[2] === 'child') {
  try {
    child(Number(process.argv[3]), process.argv[4] as Solver, process.argv.slice(5));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
} else {
  main();
}
