import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReplanModel, greedyReplan, replan, resolveFairness, singleStageMaximumFill } from '@vg/matching';
import { generateReplanInstance, ReplanInstanceSpec } from '../tests/fixtures/replan-instance-generator';
import { buildReplanLp, lpBound, writeReplanLp } from './replan/lp-bound';
import { processBound } from './replan/process-bound';

/**
 * `npm run bench:replan`: the cluster re-plan against greedy (earliest due date, cheapest first) and the LP
 * optimum of the same instance — HiGHS (WASM, from npm) where it copes, Debian's native COIN-OR CLP on the large
 * cases when `REPLAN_BENCH_CLP=1` (the script installs `coinor-clp` with apt-get if missing), and for single-stage
 * cases the LP optimum's fill computed exactly as a maximum flow ("max-flow"; equal to HiGHS's on the instances
 * of `replan/lp-oracle.spec.ts`), which is the only yardstick at 8,000 × 5,000, where the time-indexed LP has
 * over 100 M columns. Multi-stage cases get an upper bound on the LP's fill instead ("process-bound": the best
 * per-process max-flow cut, `process-bound.ts`). Each measurement runs in its own child process so its wall time
 * and peak memory are its own.
 *
 * Instances: the re-plan instance generator, busy season (demand 100–110% of free capacity per process over the
 * due windows), 30-day horizon, 1–4 stage routes with lead days, price ceilings and minimum order quantities.
 */

interface Case {
  name: string;
  spec: ReplanInstanceSpec;
  highs: boolean;
  clp: boolean;
  /** Also solve, with CLP, the LP restricted to this many cheapest candidates per order stage (not a bound). */
  clpCandidates?: number;
}

const singleStage = (benchCase: Case) => benchCase.spec.stages === 'single';

const CASES: Case[] = [
  {
    name: 'single 1,000 × 500',
    spec: { seed: 11, firms: 1000, orders: 500, stages: 'single' },
    highs: true,
    clp: false,
  },
  {
    name: 'single 8,000 × 500',
    spec: { seed: 12, firms: 8000, orders: 500, stages: 'single' },
    highs: true,
    clp: false,
  },
  {
    name: 'single 8,000 × 5,000',
    spec: { seed: 13, firms: 8000, orders: 5000, stages: 'single' },
    highs: false,
    clp: false,
  },
  { name: 'multi 1,000 × 500', spec: { seed: 21, firms: 1000, orders: 500, stages: 'multi' }, highs: true, clp: true },
  {
    name: 'multi 8,000 × 5,000',
    spec: { seed: 23, firms: 8000, orders: 5000, stages: 'multi' },
    highs: false,
    clp: false,
    clpCandidates: 30,
  },
];

type Solver = 'engine' | 'greedy' | 'highs' | 'clp' | 'clp-candidates' | 'max-flow' | 'process-bound';

interface Measurement {
  solver: Solver;
  status: string;
  seconds: number | null;
  peakRssMb: number | null;
  unitsDemanded: number;
  unitsFilled: number | null;
  costYuan: number | null;
  columns?: number;
}

const CLP_TIMEOUT_SECONDS = Number(process.env.REPLAN_BENCH_CLP_TIMEOUT ?? 900);
/** `dualsimplex` (default) or `barrier`: CLP's dual simplex did not finish multi 1,000 × 500 within 30 minutes. */
const CLP_METHOD = process.env.REPLAN_BENCH_CLP_METHOD ?? 'dualsimplex';
/** HiGHS-WASM on the time-indexed LP takes minutes already at 1,000 × 500; `REPLAN_BENCH_HIGHS=0` skips it. */
const HIGHS_TIMEOUT_SECONDS = Number(process.env.REPLAN_BENCH_HIGHS_TIMEOUT ?? 900);

async function measureInChild(caseIndex: number, solver: Solver): Promise<Measurement> {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', __filename, 'child', String(caseIndex), solver],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout:
        (solver === 'clp' || solver === 'clp-candidates'
          ? CLP_TIMEOUT_SECONDS + 120
          : solver === 'highs'
            ? HIGHS_TIMEOUT_SECONDS
            : 1800) * 1000,
    },
  );
  const line = child.stdout?.trim().split('\n').at(-1);
  try {
    return JSON.parse(line ?? '') as Measurement;
  } catch {
    return {
      solver,
      status: child.error
        ? `failed: ${child.error.message}`
        : `failed: ${(child.stderr ?? '').split('\n').slice(-3).join(' ')}`,
      seconds: null,
      peakRssMb: null,
      unitsDemanded: 0,
      unitsFilled: null,
      costYuan: null,
    };
  }
}

async function child(caseIndex: number, solver: Solver): Promise<void> {
  const { orders, offers } = generateReplanInstance(CASES[caseIndex].spec);
  const unitsDemanded = orders.reduce((sum, order) => sum + order.quantity, 0);
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  let measurement: Measurement;
  if (solver === 'engine' || solver === 'greedy') {
    const result = solver === 'engine' ? replan(orders, offers) : greedyReplan(orders, offers);
    measurement = {
      solver,
      status: 'ok',
      seconds: seconds(),
      peakRssMb: peakRssMb(),
      unitsDemanded,
      unitsFilled: result.totals.unitsFilled,
      costYuan: result.totals.costFen / 100,
    };
  } else if (solver === 'max-flow') {
    const filled = singleStageMaximumFill(buildReplanModel(orders, offers, resolveFairness(undefined)));
    measurement = {
      solver,
      status: 'optimal',
      seconds: seconds(),
      peakRssMb: peakRssMb(),
      unitsDemanded,
      unitsFilled: filled,
      costYuan: null,
    };
  } else if (solver === 'process-bound') {
    const bound = processBound(orders, offers);
    measurement = {
      solver,
      status: `upper bound, cut at ${bound.processCode}`,
      seconds: seconds(),
      peakRssMb: peakRssMb(),
      unitsDemanded,
      unitsFilled: bound.filledUnits,
      costYuan: null,
    };
  } else if (solver === 'highs') {
    const bound = await lpBound(orders, offers);
    measurement = {
      solver,
      status: bound.status,
      seconds: seconds(),
      peakRssMb: peakRssMb(),
      unitsDemanded,
      unitsFilled: bound.filledUnits,
      costYuan: bound.costFen / 100,
      columns: bound.columns,
    };
  } else {
    const candidatesPerStage = solver === 'clp-candidates' ? CASES[caseIndex].clpCandidates : undefined;
    measurement = { ...solveWithClp(orders, offers, unitsDemanded, started, candidatesPerStage), solver };
  }
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

/** Native COIN-OR CLP on the same LP, written as MPS/LP text: the yardstick where HiGHS-WASM runs out of memory. */
function solveWithClp(
  orders: Parameters<typeof buildReplanLp>[0],
  offers: Parameters<typeof buildReplanLp>[1],
  unitsDemanded: number,
  started: bigint,
  candidatesPerStage?: number,
): Measurement {
  const lp = buildReplanLp(orders, offers, { candidatesPerStage });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replan-lp-'));
  const file = path.join(dir, 'replan.lp');
  const fd = fs.openSync(file, 'w');
  writeReplanLp(lp, (chunk) => fs.writeSync(fd, chunk));
  fs.closeSync(fd);
  const solution = path.join(dir, 'solution.txt');
  const run = spawnSync('clp', [file, `-${CLP_METHOD}`, '-solution', solution], {
    encoding: 'utf8',
    timeout: CLP_TIMEOUT_SECONDS * 1000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const objective = /Objective value:\s*(-?[\d.e+]+)|Optimal objective\s+(-?[\d.e+]+)/.exec(run.stdout ?? '');
  const filled = readColumn(solution, 'filled');
  const cost = readColumn(solution, 'listcost');
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    solver: 'clp',
    status: run.error ? `stopped after ${CLP_TIMEOUT_SECONDS} s` : objective ? 'optimal' : `exit ${run.status}`,
    seconds,
    peakRssMb: null,
    unitsDemanded,
    unitsFilled: filled,
    costYuan: cost === null ? null : cost / 100,
    columns: lp.numCols,
  };
}

function readColumn(file: string, name: string): number | null {
  if (!fs.existsSync(file)) return null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts[1] === name) return Number(parts[2]);
  }
  return null;
}

function ensureClp(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v clp'], { stdio: 'ignore' });
    return true;
  } catch {
    try {
      execFileSync(
        'sh',
        ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coinor-clp'],
        {
          stdio: 'inherit',
        },
      );
      return true;
    } catch {
      return false;
    }
  }
}

const solverLabel = (caseName: string, m: Measurement) =>
  m.solver === 'clp-candidates'
    ? `clp, ${CASES.find((c) => c.name === caseName)!.clpCandidates} cheapest candidates per stage`
    : m.solver;

const fmt = (value: number | null, digits = 1) => (value === null ? '—' : value.toFixed(digits));

async function main(): Promise<void> {
  const useClp = process.env.REPLAN_BENCH_CLP === '1' && ensureClp();
  const only = process.env.REPLAN_BENCH_CASES?.split(',').map(Number);
  const rows: { case: string; measurements: Measurement[] }[] = [];
  for (const [index, benchCase] of CASES.entries()) {
    if (only && !only.includes(index)) continue;
    const solvers: Solver[] = ['engine', 'greedy'];
    solvers.push(singleStage(benchCase) ? 'max-flow' : 'process-bound');
    if (benchCase.highs && process.env.REPLAN_BENCH_HIGHS !== '0') solvers.push('highs');
    if (benchCase.clp && useClp) solvers.push('clp');
    if (benchCase.clpCandidates && useClp) solvers.push('clp-candidates');
    const measurements: Measurement[] = [];
    for (const solver of solvers) {
      const measurement = await measureInChild(index, solver);
      measurements.push(measurement);
      console.error(`${benchCase.name} ${solver}: ${JSON.stringify(measurement)}`);
    }
    rows.push({ case: benchCase.name, measurements });
  }
  const lines = [
    '| instance | solver | wall s | peak RSS MB | filled on time | of demand | of LP optimum (or bound) | cost (yuan) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    // The LP optimum where a solver (or, single-stage, the max flow) gave it; else the per-process upper bound.
    const optimum =
      row.measurements.find(
        (m) => (m.solver === 'highs' || m.solver === 'clp' || m.solver === 'max-flow') && m.unitsFilled !== null,
      ) ?? row.measurements.find((m) => m.solver === 'process-bound');
    for (const m of row.measurements) {
      const ofDemand = m.unitsFilled === null ? null : (100 * m.unitsFilled) / m.unitsDemanded;
      const ofOptimum =
        m.unitsFilled === null || !optimum?.unitsFilled ? null : (100 * m.unitsFilled) / optimum.unitsFilled;
      lines.push(
        `| ${row.case} | ${solverLabel(row.case, m)}${m.status === 'ok' ? '' : ` (${m.status})`} | ${fmt(m.seconds, 2)} | ${m.peakRssMb ?? '—'} | ${
          m.unitsFilled === null ? '—' : Math.round(m.unitsFilled).toLocaleString('en')
        } | ${fmt(ofDemand)}% | ${ofOptimum === null ? '—' : `${fmt(ofOptimum)}%`} | ${m.costYuan === null ? '—' : Math.round(m.costYuan).toLocaleString('en')} |`,
      );
    }
  }
  const table = lines.join('\n');
  console.log(table);
  fs.mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(process.cwd(), 'bench', 'results', 'replan.json'),
    `${JSON.stringify({ benchmark: 'replan', ranAt: new Date().toISOString(), cpus: os.cpus().length, rows, table }, null, 2)}\n`,
  );
}

if (process.argv[2] === 'child') {
  child(Number(process.argv[3]), process.argv[4] as Solver).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
