import fs from 'node:fs';
import { readPlanningInstance, replan, toEngineInputs, toVgPlan } from '@vg/matching';

/** Width reserved for solveMs in the output, so the figure can be written in place once the file is written. */
const SOLVE_MS_WIDTH = 12;

/**
 * `npm run replan:file -- instance.json plan.json`: plans a `vg-planning-instance/1` file offline with the re-plan
 * engine (default options, as the park's re-plan) and writes `vg-plan/1`. `solveMs` counts reading and validating
 * the file, planning and writing the plan (not the build nor Node's start-up): the plan is written with a blank
 * of fixed width where solveMs goes, and the measured figure is written into it afterwards.
 */
function main(): void {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: npm run replan:file -- instance.json plan.json');
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const instance = readPlanningInstance(JSON.parse(fs.readFileSync(input, 'utf8')));
  const { orders, offers } = toEngineInputs(instance);
  const result = replan(orders, offers);
  const placeholder = ' '.repeat(SOLVE_MS_WIDTH);
  const { format, totals, allocations } = toVgPlan(result, 0);
  const head = `{"format":${JSON.stringify(format)},"solveMs":`;
  const fd = fs.openSync(output, 'w');
  fs.writeSync(fd, `${head}${placeholder}`);
  fs.writeSync(fd, `,${JSON.stringify({ totals, allocations }).slice(1)}\n`);
  const solveMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  fs.writeSync(fd, String(solveMs).padStart(SOLVE_MS_WIDTH), Buffer.byteLength(head));
  fs.closeSync(fd);
  console.log(
    `${instance.name}: ${result.totals.unitsFilled} of ${result.totals.unitsDemanded} pcs planned, ` +
      `${orders.length} orders × ${offers.length} listings, solveMs ${solveMs} → ${output}`,
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
