import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { buildReplanModel } from '@vg/matching';

type ReplanModel = ReturnType<typeof buildReplanModel>;

/** Costs go to the solver as integers in micro-fen: transport per piece is a fraction of a fen. */
export const COST_SCALE = 1_000_000;

/**
 * The single-stage re-plan as a minimum-cost flow network, built from the engine's own model so that the yardstick
 * applies exactly the engine's eligibility (process, price ceiling, minimum order quantity that fits the order,
 * distance, rating, certifications, exclusions — `model.eligible`) and costs (`model.eligibleCost`: price plus
 * transport per piece). Minimum order quantities are relaxed as in the LP; the fairness cap is the default (none).
 *
 * source → order (capacity: demand) → listing-days in the order's window (cost per piece) → sink (capacity: free).
 * The order × listing × day arcs are aggregated exactly with a segment tree over the days per listing: an order
 * enters the O(log days) tree nodes that cover its window exactly, and tree arcs only lead down to days inside a
 * node's span, so the order reaches precisely the listing-days of its window, at its own cost.
 */
export interface MinCostNetwork {
  nodes: number;
  source: number;
  sink: number;
  from: number[];
  to: number[];
  capacity: number[];
  cost: number[];
}

export function buildMinCostNetwork(model: ReplanModel): MinCostNetwork {
  if (model.maxStages !== 1) throw new RangeError('The min-cost yardstick takes single-stage instances only');
  const T = model.dayCount;
  const network: MinCostNetwork = { nodes: 2, source: 0, sink: 1, from: [], to: [], capacity: [], cost: [] };
  const arc = (from: number, to: number, capacity: number, cost: number) => {
    network.from.push(from);
    network.to.push(to);
    network.capacity.push(capacity);
    network.cost.push(cost);
  };
  const orderNode = (o: number) => 2 + o;
  network.nodes += model.orderCount;
  const totalDemand = model.demand.reduce((sum, units) => sum + units, 0);

  // Segment tree per listing, built on first use: node index of the tree node for span [lo, hi].
  const trees = new Map<number, Map<number, number>>();
  const treeOf = (l: number): Map<number, number> => {
    let tree = trees.get(l);
    if (tree) return tree;
    tree = new Map<number, number>();
    const build = (lo: number, hi: number): number => {
      const id = network.nodes++;
      tree!.set(lo * T + hi, id);
      if (lo === hi) {
        const free = model.free[l * T + lo];
        if (free > 0) arc(id, network.sink, free, 0);
        return id;
      }
      const mid = (lo + hi) >> 1;
      arc(id, build(lo, mid), totalDemand, 0);
      arc(id, build(mid + 1, hi), totalDemand, 0);
      return id;
    };
    build(0, T - 1);
    trees.set(l, tree);
    return tree;
  };
  const cover = (lo: number, hi: number, first: number, last: number, out: [number, number][]) => {
    if (last < lo || hi < first) return;
    if (first <= lo && hi <= last) {
      out.push([lo, hi]);
      return;
    }
    const mid = (lo + hi) >> 1;
    cover(lo, mid, first, last, out);
    cover(mid + 1, hi, first, last, out);
  };

  for (let o = 0; o < model.orderCount; o++) {
    const k = model.stageStart[o];
    const first = model.stageFirstDay[k];
    const last = model.stageLastDay[k];
    if (model.demand[o] <= 0 || first > last) continue;
    arc(network.source, orderNode(o), model.demand[o], 0);
    const spans: [number, number][] = [];
    cover(0, T - 1, first, last, spans);
    for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
      const l = model.eligible[i];
      const tree = treeOf(l);
      const cost = Math.round(model.eligibleCost[i] * COST_SCALE);
      for (const [lo, hi] of spans) arc(orderNode(o), tree.get(lo * T + hi)!, model.demand[o], cost);
    }
  }
  return network;
}

export interface MinCostResult {
  maxFlow: number;
  /** Minimum cost in fen of each flow value priced: the maximum flow first, then those asked for. */
  costs: { flow: number; costFen: number | null }[];
}

// From the repository root (the bench and the specs run there; the build does not copy the C++ source).
const SOLVER_SOURCE = path.join(process.cwd(), 'bench', 'replan', 'min-cost-flow.cpp');

/**
 * Solves the network with LEMON's Preflow and NetworkSimplex (C++, Debian's liblemon-dev, installed with apt-get
 * and compiled with g++ on first use). `alsoPrice`: further flow values whose minimum cost to report.
 */
export function solveWithLemon(network: MinCostNetwork, alsoPrice: number[] = []): MinCostResult {
  const binary = compileSolver();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replan-mcf-'));
  const file = path.join(dir, 'network.txt');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${network.nodes} ${network.from.length} ${network.source} ${network.sink}\n`);
  const chunk: string[] = [];
  for (let a = 0; a < network.from.length; a++) {
    chunk.push(`${network.from[a]} ${network.to[a]} ${network.capacity[a]} ${network.cost[a]}`);
    if (chunk.length === 100_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
  const input = fs.openSync(file, 'r');
  const run = spawnSync(binary, alsoPrice.map(String), { stdio: [input, 'pipe', 'pipe'], encoding: 'utf8' });
  fs.closeSync(input);
  fs.rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`min-cost-flow exited ${run.status}: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { maxFlow: number; costs: { flow: number; cost: number | null }[] };
  return {
    maxFlow: parsed.maxFlow,
    costs: parsed.costs.map(({ flow, cost }) => ({ flow, costFen: cost === null ? null : cost / COST_SCALE })),
  };
}

function compileSolver(): string {
  const binary = path.join(os.tmpdir(), 'vg-replan-min-cost-flow');
  if (fs.existsSync(binary) && fs.statSync(binary).mtimeMs >= fs.statSync(SOLVER_SOURCE).mtimeMs) return binary;
  if (!fs.existsSync('/usr/include/lemon/network_simplex.h')) {
    execFileSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblemon-dev g++'],
      { stdio: 'inherit' },
    );
  }
  execFileSync('g++', ['-O2', '-o', binary, SOLVER_SOURCE], { stdio: 'inherit' });
  return binary;
}

/**
 * The same minimum-cost maximum flow by successive shortest paths (Bellman–Ford), in TypeScript: for small
 * networks only (the specs), where it checks the network against the LP and LEMON is not needed.
 */
export function solveSmall(network: MinCostNetwork): { maxFlow: number; costFen: number } {
  const arcCount = network.from.length;
  const head: number[][] = Array.from({ length: network.nodes }, () => []);
  const to: number[] = [];
  const residual: number[] = [];
  const cost: number[] = [];
  for (let a = 0; a < arcCount; a++) {
    head[network.from[a]].push(to.length);
    to.push(network.to[a]);
    residual.push(network.capacity[a]);
    cost.push(network.cost[a]);
    head[network.to[a]].push(to.length);
    to.push(network.from[a]);
    residual.push(0);
    cost.push(-network.cost[a]);
  }
  let flow = 0;
  let total = 0;
  for (;;) {
    const distance = new Array<number>(network.nodes).fill(Infinity);
    const via = new Array<number>(network.nodes).fill(-1);
    distance[network.source] = 0;
    for (let round = 0, changed = true; changed && round < network.nodes; round++) {
      changed = false;
      for (let u = 0; u < network.nodes; u++) {
        if (distance[u] === Infinity) continue;
        for (const e of head[u]) {
          if (residual[e] > 0 && distance[u] + cost[e] < distance[to[e]]) {
            distance[to[e]] = distance[u] + cost[e];
            via[to[e]] = e;
            changed = true;
          }
        }
      }
    }
    if (distance[network.sink] === Infinity) break;
    let push = Infinity;
    for (let v = network.sink; v !== network.source; v = to[via[v] ^ 1]) push = Math.min(push, residual[via[v]]);
    for (let v = network.sink; v !== network.source; v = to[via[v] ^ 1]) {
      residual[via[v]] -= push;
      residual[via[v] ^ 1] += push;
    }
    flow += push;
    total += push * distance[network.sink];
  }
  return { maxFlow: flow, costFen: total / COST_SCALE };
}
