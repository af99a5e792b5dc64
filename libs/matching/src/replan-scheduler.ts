import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, AppError, ErrorCode, runInSystemScope, UnitOfWork } from '@vg/core';
import { openOrderReach } from '@vg/orders';
import { allParkIds } from '@vg/parks';
import { ordersWithBookings } from './replan-input-loader';
import { ReplanService } from './replan.service';

/**
 * With REPLAN_EVERY_MINUTES set, re-plans every park that has orders waiting for a plan, one park after the other
 * (each re-plan has a worker thread of its own; one at a time keeps the api's cores free). Replicas may all tick:
 * the per-park lock and the "one re-plan per park" rule make the others skip a park already being re-planned.
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
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.replanEveryMinutes <= 0) return;
    this.timer = setInterval(() => void this.runDue(), this.config.replanEveryMinutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Re-plans each park with orders waiting for a plan and no re-plan queued or running, in park order; returns the
   * ids of the jobs it ran. A tick that finds the previous one still going does nothing.
   */
  runDue(): Promise<string[]> {
    return runInSystemScope('scheduled re-plans of every park', () => this.runDueParks());
  }

  private async runDueParks(): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    const ran: string[] = [];
    try {
      for (const parkId of await this.parksWithOrdersWaiting()) {
        const job = await this.replans.enqueueScheduled(parkId).catch((error: unknown) => {
          if (error instanceof AppError && error.code === ErrorCode.CONFLICT) return null;
          throw error;
        });
        if (!job) continue;
        await this.replans.execute(job.id, {});
        ran.push(job.id);
      }
    } catch (error) {
      this.logger.error(`scheduled re-plan stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
    return ran;
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
