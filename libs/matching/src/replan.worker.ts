import { parentPort, workerData } from 'node:worker_threads';
import { CapacityOffer, OrderDemand } from './engine';
import { replan, ReplanFairness } from './engine/replan';

/** Runs the pure re-plan engine off the api's event loop; progress and the result go back as messages. */
interface ReplanWorkerData {
  orders: OrderDemand[];
  offers: CapacityOffer[];
  fairness: Partial<ReplanFairness>;
  /** Int32Array view: set to 1 by the parent to ask the engine to stop with its best valid plan. */
  stopFlag: SharedArrayBuffer;
}

const data = workerData as ReplanWorkerData;
const stop = new Int32Array(data.stopFlag);
const result = replan(data.orders, data.offers, {
  fairness: data.fairness,
  onProgress: (fraction, phase) => parentPort?.postMessage({ kind: 'progress', fraction, phase }),
  shouldStop: () => Atomics.load(stop, 0) === 1,
});
parentPort?.postMessage({ kind: 'result', result });
