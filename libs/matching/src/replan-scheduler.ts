import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, AppError, ErrorCode, runInSystemScope, UnitOfWork } from '@vg/core';
import { JobQueue } from '@vg/jobs';
import { openOrderReach } from '@vg/orders';
import { allParkIds } from '@vg/parks';
import { ordersWithBookings } from './replan-input-loader';
import { ReplanService } from './replan.service';

export const REPLAN_DUE_JOB = 'replan-due';

/**
 * With REPLAN_EVERY_MINUTES set, re-plans every park that has orders waiting for a plan, once per fleet: every
 * replica ticks, the queue keeps one `replan-due` job per interval (a singleton per time slot), and the worker that
 * takes it queues one re-plan job per park; workers run those like an admin's.
 */
@Injectable()
export class ReplanScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplanScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly replans: ReplanService,
    private readonly queue: JobQueue,
  ) {
    queue.define<Record<string, never>>({
      kind: REPLAN_DUE_JOB,
      retryLimit: 2,
      retryDelaySeconds: 30,
      heartbeatSeconds: 30,
      expireInSeconds: 10 * 60,
      concurrency: 1,
      run: async () => ({ queued: await this.runDue() }),
      // The next interval looks at the same parks again.
      deadLettered: async (_data, reason) => this.logger.warn(`scheduled re-plan round given up: ${reason}`),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.replanEveryMinutes <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.replanEveryMinutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Asks for this interval's round; the queue keeps only the first ask of the fleet in each interval. */
  tick(): Promise<string | null> {
    return this.queue
      .send({
        kind: REPLAN_DUE_JOB,
        data: {},
        singleton: { key: REPLAN_DUE_JOB, seconds: this.config.replanEveryMinutes * 60 },
      })
      .catch((error: unknown) => {
        this.logger.error(`scheduled re-plan not queued: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
  }

  /**
   * Queues a re-plan of each park with orders waiting for a plan and no re-plan queued or running, in park order;
   * returns the ids of the re-plans it queued. A round that finds the previous one of this process still going does
   * nothing.
   */
  runDue(): Promise<string[]> {
    return runInSystemScope('scheduled re-plans of every park', () => this.runDueParks());
  }

  private async runDueParks(): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    const queued: string[] = [];
    try {
      for (const parkId of await this.parksWithOrdersWaiting()) {
        const job = await this.replans.enqueueScheduled(parkId).catch((error: unknown) => {
          if (error instanceof AppError && error.code === ErrorCode.CONFLICT) return null;
          throw error;
        });
        if (job) queued.push(job.id);
      }
    } finally {
      this.running = false;
    }
    return queued;
  }

  /**
   * The parks, in id order, that some open order with nothing booked reaches (an order that reaches no park yet
   * reaches them all) and that have no re-plan queued or running.
   */
  private async parksWithOrdersWaiting(): Promise<string[]> {
    const manager = this.unitOfWork.manager;
    const open = await openOrderReach(manager);
    const booked = await ordersWithBookings(
      manager,
      open.map((order) => order.id),
    );
    const waiting = open.filter((order) => !booked.has(order.id));
    if (!waiting.length) return [];
    const busy: { park_id: string }[] = await manager.query(
      `SELECT DISTINCT park_id FROM replan_jobs WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    const reached = new Set(waiting.flatMap((order) => order.parkIds));
    const reachesAll = waiting.some((order) => !order.parkIds.length);
    const busyParks = new Set(busy.map((row) => row.park_id));
    return (await allParkIds(manager)).filter((id) => (reachesAll || reached.has(id)) && !busyParks.has(id));
  }
}
