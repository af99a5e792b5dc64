import { Injectable, Logger } from '@nestjs/common';
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
  UnitOfWork,
} from '@vg/core';
import { JobContext, JobQueue } from '@vg/jobs';
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
export const REPLAN_JOB = 'replan';

interface ReplanJobData {
  replanJobId: string;
  fairness: Partial<ReplanFairness>;
}

/** The worker running the attempt is stopping: the attempt hands the job back to the queue, which retries it. */
class AttemptInterrupted extends Error {}

/**
 * Re-plans as queued jobs: the row in `replan_jobs` carries what GraphQL shows (status, progress, cancel, result);
 * the queue carries who runs it. A worker that dies mid-run stops its heartbeat, and the queue retries the job on
 * another worker (the row goes back to RUNNING there); a worker told to stop hands the job back at once; after the
 * last attempt the job is FAILED with the reason. Nothing of an unfinished attempt is applied.
 */
@Injectable()
export class ReplanService {
  private readonly logger = new Logger(ReplanService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly inputs: ReplanInputLoader,
    private readonly runner: ReplanRunner,
    private readonly orders: OrdersService,
    private readonly writer: ProposalWriter,
    private readonly queue: JobQueue,
  ) {
    queue.define<ReplanJobData>({
      kind: REPLAN_JOB,
      retryLimit: 2,
      retryDelaySeconds: 2,
      heartbeatSeconds: 10,
      expireInSeconds: 60 * 60,
      // One re-plan per worker process at a time: each takes a core for its engine thread.
      concurrency: 1,
      run: (data, context) => this.execute(data.replanJobId, data.fairness, context),
      deadLettered: (data, reason) => this.failForGood(data.replanJobId, reason),
    });
  }

  /** Queues a re-plan of the caller's park for a worker; one at a time per park. */
  start(principal: Principal, parkId: string | null, fairness: Partial<ReplanFairness>): Promise<ReplanJobEntity> {
    return this.enqueue(administeredParkId(principal, parkId), principal.userId, fairness);
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
      const job = await tx.manager.save(
        tx.manager.create(ReplanJobEntity, {
          parkId: park,
          requestedBy,
          status: ReplanJobStatus.QUEUED,
          options: { fairness },
        }),
      );
      // In the same transaction: the row and its queued job commit together or not at all.
      await this.queue.send<ReplanJobData>({ kind: REPLAN_JOB, data: { replanJobId: job.id, fairness } }, tx.manager);
      return job;
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

  /**
   * One attempt at a queued re-plan. Its outcome is recorded on the row: SUCCEEDED, CANCELLED, or, when the attempt
   * fails, back to QUEUED for the queue's retry (FAILED with the reason on the last attempt). An attempt interrupted
   * by its worker's shutdown goes back to QUEUED and throws, so another worker takes it.
   */
  async execute(jobId: string, fairness: Partial<ReplanFairness>, context: JobContext): Promise<void> {
    const manager = this.unitOfWork.manager;
    // Wrapped in a SELECT: for a bare UPDATE, TypeORM's query() answers `[rows, rowCount]`. RUNNING is taken too:
    // that is a retry of an attempt whose worker died.
    const [claimed] = await manager.query(
      `WITH claimed AS (
         UPDATE replan_jobs SET status = 'RUNNING', started_at = now(), progress = 0, phase = NULL, error = NULL
          WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
         RETURNING park_id, cancel_requested)
       SELECT * FROM claimed`,
      [jobId],
    );
    if (!claimed) return;
    if (claimed.cancel_requested) return this.finish(jobId, ReplanJobStatus.CANCELLED, null);
    try {
      const input = await this.inputs.load(claimed.park_id);
      if (context.signal.aborted) throw new AttemptInterrupted('its worker shut down before the re-plan finished');
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
      const interrupt = () => run.stop();
      context.signal.addEventListener('abort', interrupt);
      const result = await run.result.finally(() => context.signal.removeEventListener('abort', interrupt));
      if (context.signal.aborted) throw new AttemptInterrupted('its worker shut down before the re-plan finished');
      const [{ cancel_requested }] = await manager.query('SELECT cancel_requested FROM replan_jobs WHERE id = $1', [
        jobId,
      ]);
      if (cancelled || cancel_requested) return await this.finish(jobId, ReplanJobStatus.CANCELLED, null);
      const applied = await this.apply(jobId, input, result);
      await this.finish(jobId, ReplanJobStatus.SUCCEEDED, applied);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!(error instanceof AttemptInterrupted)) this.logger.error(`re-plan ${jobId} failed: ${reason}`);
      if (context.lastAttempt && !(error instanceof AttemptInterrupted)) {
        await this.failForGood(jobId, 'The re-plan failed; see the server log');
        return;
      }
      await manager.update(
        ReplanJobEntity,
        { id: jobId, status: ReplanJobStatus.RUNNING },
        { status: ReplanJobStatus.QUEUED, phase: null, progress: '0', error: `attempt ${context.attempt}: ${reason}` },
      );
      throw error;
    }
  }

  /** After the last attempt (or the death of its worker on it): FAILED with the reason, unless it already ended. */
  async failForGood(jobId: string, reason: string): Promise<void> {
    await this.unitOfWork.manager.update(
      ReplanJobEntity,
      { id: jobId, status: In([ReplanJobStatus.QUEUED, ReplanJobStatus.RUNNING]) },
      { status: ReplanJobStatus.FAILED, error: reason.slice(0, 500), finishedAt: new Date() },
    );
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
