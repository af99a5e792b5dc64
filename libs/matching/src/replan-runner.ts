import { Injectable } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CapacityOffer, OrderDemand } from './engine';
import { replan, ReplanFairness, ReplanPhase, ReplanResult } from './engine/replan';

export interface ReplanRun {
  result: Promise<ReplanResult>;
  /** Asks the engine to stop early; it still returns its best valid plan. */
  stop(): void;
}

const COMPILED_WORKER = path.join(__dirname, 'replan.worker.js');

/**
 * Runs the engine in a worker thread so a long solve never blocks the api. Under the TypeScript test runner,
 * where no compiled worker file exists, it runs on the main thread with the same callbacks.
 */
@Injectable()
export class ReplanRunner {
  start(
    orders: OrderDemand[],
    offers: CapacityOffer[],
    fairness: Partial<ReplanFairness>,
    onProgress: (fraction: number, phase: ReplanPhase) => void,
  ): ReplanRun {
    const stopFlag = new SharedArrayBuffer(4);
    const stop = () => Atomics.store(new Int32Array(stopFlag), 0, 1);
    if (!fs.existsSync(COMPILED_WORKER)) {
      const result = new Promise<ReplanResult>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(
              replan(orders, offers, {
                fairness,
                onProgress,
                shouldStop: () => Atomics.load(new Int32Array(stopFlag), 0) === 1,
              }),
            );
          } catch (error) {
            reject(error);
          }
        }),
      );
      return { result, stop };
    }
    const worker = new Worker(COMPILED_WORKER, { workerData: { orders, offers, fairness, stopFlag } });
    const result = new Promise<ReplanResult>((resolve, reject) => {
      worker.on(
        'message',
        (message: { kind: string; fraction?: number; phase?: ReplanPhase; result?: ReplanResult }) => {
          if (message.kind === 'progress') onProgress(message.fraction ?? 0, message.phase ?? 'route');
          if (message.kind === 'result') resolve(message.result as ReplanResult);
        },
      );
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`re-plan worker exited with ${code}`));
      });
    });
    return { result, stop };
  }
}
