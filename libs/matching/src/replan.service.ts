import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  administeredParkId,
  Audience,
  conflict,
  mayRead,
  notFound,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  runInSystemScope,
  UnitOfWork,
} from '@vg/core';
import { OrdersService, OrderStatus } from '@vg/orders';
import { parkExists } from '@vg/parks';
import { In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fenToYuan } from './candidate-loader';
import { ReplanFairness, ReplanResult } from './engine/replan';
import { ProposalWriter } from './proposal-writer';
import { ProposalEntity, ProposalStatus } from './proposal.entity';
import { ordersWithBookings, ReplanInput, ReplanInputLoader } from './replan-input-loader';
import { ReplanJobEntity, ReplanJobStatus } from './replan-job.entity';
import { ReplanRunner } from './replan-runner';

/** Progress is written at most this often; each write also reads whether a cancel was asked for. */
const PROGRESS_EVERY_MS = 250;
/** A job still RUNNING this long after its start belongs to a process that died. */
const ABANDONED_AFTER_MINUTES = 30;

@Injectable()
export class ReplanService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplanService.name);
  /** Re-plans running in this process, to hand back at shutdown. */
  private readonly running = new Map<string, { stop: () => void }>();
  private shuttingDown = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly inputs: ReplanInputLoader,
    private readonly runner: ReplanRunner,
    private readonly orders: OrdersService,
    private readonly writer: ProposalWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await runInSystemScope('start-up: re-plans abandoned by a stopped process', () =>
      this.unitOfWork.manager.query(
        `UPDATE replan_jobs SET status = 'FAILED', error = 'interrupted: the process running it stopped', finished_at = now()
        WHERE status = 'RUNNING' AND started_at < now() - make_interval(mins => $1)`,
        [ABANDONED_AFTER_MINUTES],
      ),
    );
  }

  /**
   * On shutdown, running re-plans are stopped and marked FAILED ("interrupted") at once, so none stays RUNNING and
   * its park is free for the next re-plan; nothing of theirs is applied.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const ids = [...this.running.keys()];
    for (const run of this.running.values()) run.stop();
    if (!ids.length) return;
    await runInSystemScope('shutdown: re-plans interrupted', () =>
      this.unitOfWork.manager.update(
        ReplanJobEntity,
        { id: In(ids), status: ReplanJobStatus.RUNNING },
        {
          status: ReplanJobStatus.FAILED,
          error: 'interrupted: the api shut down before the re-plan finished; start it again',
          finishedAt: new Date(),
        },
      ),
    );
  }

  /** Queues a re-plan of the caller's park and starts it in the background; one at a time per park. */
  async start(
    principal: Principal,
    parkId: string | null,
    fairness: Partial<ReplanFairness>,
  ): Promise<ReplanJobEntity> {
    const job = await this.enqueue(administeredParkId(principal, parkId), principal.userId, fairness);
    void this.execute(job.id, fairness);
    return job;
  }

  /**
   * Queues a re-plan of a park for the schedule (no requester, default fairness); CONFLICT when one is already
   * queued or running there, as for an admin.
   */
  enqueueScheduled(parkId: string): Promise<ReplanJobEntity> {
    return this.enqueue(parkId, null, {});
  }

  private enqueue(park: string, requestedBy: string | null, fairness: Partial<ReplanFairness>) {
    return this.unitOfWork.run(async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`replan:${park}`]);
      if (!(await parkExists(tx.manager, park))) throw notFound('Park');
      const busy = await tx.manager.exists(ReplanJobEntity, {
        where: { parkId: park, status: In([ReplanJobStatus.QUEUED, ReplanJobStatus.RUNNING]) },
      });
      if (busy) throw conflict('A re-plan of this park is already running');
      return tx.manager.save(
        tx.manager.create(ReplanJobEntity, {
          parkId: park,
          requestedBy,
          status: ReplanJobStatus.QUEUED,
          options: { fairness },
        }),
      );
    });
  }

  async cancel(principal: Principal, id: string): Promise<ReplanJobEntity> {
    const job = await this.get(principal, id);
    if (job.status !== ReplanJobStatus.QUEUED && job.status !== ReplanJobStatus.RUNNING) {
      throw conflict(`The re-plan is already ${job.status}`);
    }
    await this.unitOfWork.manager.update(ReplanJobEntity, { id }, { cancelRequested: true });
    return { ...job, cancelRequested: true };
  }

  async get(principal: Principal, id: string): Promise<ReplanJobEntity> {
    const job = await this.unitOfWork.manager.findOneBy(ReplanJobEntity, { id });
    if (!job || !mayRead(principal, Resource.PARK, { parkIds: [job.parkId] })) throw notFound('Re-plan');
    return job;
  }

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(ReplanJobEntity, 'job');
    return paginate(restrictToParkAudience(query, readAudience(principal, Resource.PARK)), page);
  }

  /** Runs a queued job to its end; every outcome, failure included, is recorded on the job. */
  async execute(jobId: string, fairness: Partial<ReplanFairness>): Promise<void> {
    const manager = this.unitOfWork.manager;
    try {
      // Wrapped in a SELECT: for a bare UPDATE, TypeORM's query() answers `[rows, rowCount]`.
      const [claimed] = await manager.query(
        `WITH claimed AS (
           UPDATE replan_jobs SET status = 'RUNNING', started_at = now() WHERE id = $1 AND status = 'QUEUED'
           RETURNING park_id, cancel_requested)
         SELECT * FROM claimed`,
        [jobId],
      );
      if (!claimed) return;
      if (claimed.cancel_requested) return await this.finish(jobId, ReplanJobStatus.CANCELLED, null);
      const input = await this.inputs.load(claimed.park_id);
      let cancelled = false;
      let lastWrite = 0;
      const run = this.runner.start(input.orders, input.offers, fairness, (fraction, phase) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        manager
          .query(
            `WITH updated AS (UPDATE replan_jobs SET progress = $2, phase = $3 WHERE id = $1 RETURNING cancel_requested)
             SELECT cancel_requested FROM updated`,
            [jobId, Math.min(0.9999, fraction).toFixed(4), phase],
          )
          .then(([row]: { cancel_requested: boolean }[]) => {
            if (row?.cancel_requested && !cancelled) {
              cancelled = true;
              run.stop();
            }
          })
          .catch(() => undefined);
      });
      this.running.set(jobId, run);
      const result = await run.result.finally(() => this.running.delete(jobId));
      if (this.shuttingDown) return;
      const [{ cancel_requested }] = await manager.query('SELECT cancel_requested FROM replan_jobs WHERE id = $1', [
        jobId,
      ]);
      if (cancelled || cancel_requested) return await this.finish(jobId, ReplanJobStatus.CANCELLED, null);
      const applied = await this.apply(jobId, input, result);
      await this.finish(jobId, ReplanJobStatus.SUCCEEDED, applied);
    } catch (error) {
      if (this.shuttingDown) return;
      this.logger.error(`re-plan ${jobId} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.finish(jobId, ReplanJobStatus.FAILED, null, 'The re-plan failed; see the server log').catch(
        () => undefined,
      );
    }
  }

  /**
   * One transaction: the open proposals of the re-planned orders are superseded and the new complete plans
   * proposed. Orders that changed meanwhile (booked or cancelled) are left alone; bookings are never touched.
   */
  private async apply(jobId: string, input: ReplanInput, result: ReplanResult): Promise<Record<string, unknown>> {
    return this.unitOfWork.run(async (tx) => {
      const ids = input.orders.map((order) => order.orderId);
      const locked = await this.orders.lockMany(tx, ids);
      const untouchable = await ordersWithBookings(tx.manager, ids);
      const eligible = locked.filter((order) => this.orders.mayBeReplanned(order) && !untouchable.has(order.id));
      const eligibleIds = eligible.map((order) => order.id);
      const superseded = eligibleIds.length
        ? await tx.manager.find(ProposalEntity, {
            where: { orderId: In(eligibleIds), status: ProposalStatus.PROPOSED },
          })
        : [];
      const stages = await this.orders.stagesOfOrders(tx, eligibleIds);
      const planByOrder = new Map(result.plans.map((plan) => [plan.orderId, plan]));
      const parkByFirm = new Map(input.offers.map((offer) => [offer.firmId, offer.parkId]));
      const offersByListing = new Map(input.offers.map((offer) => [offer.listingId, offer]));
      const demandByOrder = new Map(input.orders.map((demand) => [demand.orderId, demand]));
      let proposed = 0;
      let ordersPlanned = 0;
      let unitsProposed = 0;
      let costFen = 0;
      const lostPlan: string[] = [];
      for (const order of eligible) {
        const plan = planByOrder.get(order.id);
        const wasPlanned = order.status === OrderStatus.PLANNED;
        await this.writer.supersede(
          tx,
          order,
          superseded.filter((proposal) => proposal.orderId === order.id),
          { replanJobId: jobId },
        );
        if (plan?.feasible) {
          const written = await this.writer.write(
            tx,
            {
              order,
              stageIdBySeq: new Map(
                stages.filter((stage) => stage.orderId === order.id).map((stage) => [stage.seq, stage.id]),
              ),
              slotIds: input.slotIds,
              parkByFirm,
              origin: `REPLAN:${jobId}`,
              demand: demandByOrder.get(order.id),
              offersByListing,
            },
            plan.assignments,
          );
          proposed += written.length;
          ordersPlanned += 1;
          unitsProposed += plan.unitsPlanned;
          costFen += plan.totalCostFen;
          await this.orders.planMade(tx, order, { replanJobId: jobId });
          await this.orders.recordEvent(tx, order.id, 'REPLANNED', { replanJobId: jobId, proposals: written.length });
        } else if (wasPlanned) {
          lostPlan.push(order.id);
          await this.orders.planLost(tx, order, { replanJobId: jobId, shortfall: plan?.shortfall });
        }
      }
      return {
        before: {
          unitsProposed: input.before.unitsProposed,
          cost: fenToYuan(input.before.costFen),
          ordersFullyProposed: input.before.ordersFullyProposed,
        },
        after: {
          unitsProposed,
          cost: fenToYuan(costFen),
          ordersFullyProposed: ordersPlanned,
          unitsFilledByEngine: result.totals.unitsFilled,
          unitsDemanded: result.totals.unitsDemanded,
        },
        changes: {
          ordersConsidered: input.orders.length,
          ordersSkippedBecauseChanged: input.orders.length - eligible.length,
          proposalsSuperseded: superseded.length,
          proposalsMade: proposed,
          ordersThatLostTheirPlan: lostPlan,
        },
        firms: result.firms.map((firm) => ({
          firmId: firm.firmId,
          evaluationClass: firm.evaluationClass,
          freeUnits: firm.freeUnits,
          assignedUnits: firm.assignedUnits,
          share: firm.share,
        })),
        engine: { ...result.stats, options: result.options },
      };
    });
  }

  private async finish(
    jobId: string,
    status: ReplanJobStatus,
    result: Record<string, unknown> | null,
    error: string | null = null,
  ): Promise<void> {
    await this.unitOfWork.manager.update(
      ReplanJobEntity,
      { id: jobId },
      {
        status,
        result: result as never,
        error,
        finishedAt: new Date(),
        // Progress is written at most every PROGRESS_EVERY_MS, so a quick run may end with an early phase on record.
        ...(status === ReplanJobStatus.SUCCEEDED ? { progress: '1', phase: 'report' } : {}),
      },
    );
  }
}

/** Re-plan jobs are read with their park. */
function restrictToParkAudience<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, audience: Audience) {
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'PARK':
      return query.where('job.park_id = :parkId', { parkId: audience.parkId });
    default:
      return query.where('false');
  }
}
