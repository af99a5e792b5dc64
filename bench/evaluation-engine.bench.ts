/**
 * The evaluation engine alone at county scale: `npm run bench:evaluation-engine`.
 *
 * Grades a county of 9,000 规上 + 3,000 规下 firms (repeatable figures, a tenth of 规上 firms without emission data)
 * and a quarter of it under the Huangyan 2022 scheme, and reports the fastest CPU time of a few runs of each:
 * CPU time rather than wall time, so other processes' load on a shared machine does not count. Linear work
 * quadruples from the quarter to the whole county; a quadratic step would multiply it by 16. Writes
 * `bench/results/evaluation-engine.json`; EVALUATION_ENGINE_BENCH_STRICT=1 exits 1 when the growth is not linear
 * (ratio ≥ 8) or 12,000 firms take 4 s of CPU or more.
 */
import { evaluate, HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countyOf } from '../tests/fixtures/county-firms';

const RUNS = Number(process.env.EVALUATION_ENGINE_BENCH_RUNS ?? 3);
const OUT = path.join(process.cwd(), 'bench', 'results', 'evaluation-engine.json');
const LINEAR_RATIO_LIMIT = 8;
const FULL_CPU_LIMIT_MS = 4000;

function fastestCpuMilliseconds(runs: number, run: () => void): number {
  let fastest = Infinity;
  for (let attempt = 0; attempt < runs; attempt++) {
    const started = process.cpuUsage();
    run();
    const { user, system } = process.cpuUsage(started);
    fastest = Math.min(fastest, (user + system) / 1000);
  }
  return fastest;
}

const quarterCounty = countyOf(2250, 750);
const county = countyOf(9000, 3000);
const quarterMs = fastestCpuMilliseconds(RUNS, () => evaluate(HUANGYAN_2022_SCHEME, quarterCounty));
const fullMs = fastestCpuMilliseconds(RUNS, () => evaluate(HUANGYAN_2022_SCHEME, county));
const ratio = fullMs / quarterMs;
const result = {
  measuredAt: new Date().toISOString(),
  runs: RUNS,
  cpuMs: { firms3000: Math.round(quarterMs), firms12000: Math.round(fullMs) },
  ratio: Math.round(ratio * 100) / 100,
  linear: ratio < LINEAR_RATIO_LIMIT,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log('| firms | fastest CPU ms |\n|---|---|');
console.log(`| 3,000 | ${result.cpuMs.firms3000} |\n| 12,000 | ${result.cpuMs.firms12000} |`);
console.log(`12,000 / 3,000 CPU ratio: ${result.ratio} (linear ≈ 4, quadratic ≈ 16)`);
if (process.env.EVALUATION_ENGINE_BENCH_STRICT === '1' && (!result.linear || fullMs >= FULL_CPU_LIMIT_MS)) {
  process.exitCode = 1;
}
