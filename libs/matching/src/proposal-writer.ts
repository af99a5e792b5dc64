import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DomainEvent, Tx } from '@vg/core';
import { OrderEntity, OrdersService } from '@vg/orders';
import { fenToYuan, slotKey } from './candidate-loader';
import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity, AllocationStatus } from './allocation.entity';
import { Assignment } from './engine';

export interface ProposalContext {
  order: OrderEntity;
  stageIdBySeq: Map<number, string>;
  /** `slotKey(listingId, date)` → slot id when the caller has them; the rest are looked up. */
  slotIds?: Map<string, string>;
  parkByFirm: Map<string, string>;
  origin: string;
}

export function orderEvent(
  type: string,
  order: OrderEntity,
  audience: { parkIds?: string[]; firmIds?: string[] },
  payload: Record<string, unknown> = {},
  subjectId = order.id,
): DomainEvent {
  return {
    type,
    subjectId,
    parkIds: audience.parkIds ?? [],
    firmIds: audience.firmIds ?? [],
    buyerOrgIds: [order.buyerOrgId],
    payload: { orderId: order.id, status: order.status, ...payload },
    occurredAt: new Date().toISOString(),
  };
}

/** Turns an engine plan into proposals: allocation rows with their days, the order's participants, events. */
@Injectable()
export class ProposalWriter {
  constructor(
    private readonly orders: OrdersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async write(tx: Tx, context: ProposalContext, assignments: Assignment[]): Promise<AllocationEntity[]> {
    if (!assignments.length) return [];
    const expiresAt = new Date(Date.now() + this.config.proposalResponseHours * 3_600_000);
    const rows = assignments.map((assignment) =>
      tx.manager.create(AllocationEntity, {
        orderId: context.order.id,
        stageId: context.stageIdBySeq.get(assignment.stageSeq) as string,
        stageSeq: assignment.stageSeq,
        parkId: context.parkByFirm.get(assignment.firmId) as string,
        firmId: assignment.firmId,
        listingId: assignment.listingId,
        processCode: assignment.processCode,
        units: assignment.units,
        unitPrice: fenToYuan(assignment.unitPriceFen),
        cost: fenToYuan(assignment.costFen),
        firstDay: assignment.firstDay,
        lastDay: assignment.lastDay,
        status: AllocationStatus.PROPOSED,
        explanation: { ...assignment.explanation },
        origin: context.origin,
        expiresAt,
      }),
    );
    const saved = await tx.manager.save(rows);
    const slotIds = await this.slotIdsOf(tx, assignments, context.slotIds);
    const days = saved.flatMap((allocation, index) =>
      assignments[index].days.map((day) => {
        const slotId = slotIds.get(slotKey(allocation.listingId, day.date));
        if (!slotId) throw new Error(`No slot for listing ${allocation.listingId} on ${day.date}`);
        return { allocationId: allocation.id, date: day.date, slotId, units: day.units };
      }),
    );
    await tx.manager.insert(AllocationDayEntity, days);
    await this.orders.recordParticipants(
      tx,
      context.order.id,
      saved.map((allocation) => ({ firmId: allocation.firmId, parkId: allocation.parkId })),
    );
    for (const allocation of saved) {
      tx.publishAfterCommit(
        orderEvent(
          'PROPOSAL_MADE',
          context.order,
          { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
          { proposalId: allocation.id, stageSeq: allocation.stageSeq, units: allocation.units },
          allocation.id,
        ),
      );
    }
    return saved;
  }

  /** The slots the assignments draw on, in one query for those the caller did not already know. */
  private async slotIdsOf(
    tx: Tx,
    assignments: Assignment[],
    known?: Map<string, string>,
  ): Promise<Map<string, string>> {
    const slotIds = new Map(known ?? []);
    const missing = assignments.flatMap((assignment) =>
      assignment.days
        .filter((day) => !slotIds.has(slotKey(assignment.listingId, day.date)))
        .map((day) => ({ listingId: assignment.listingId, date: day.date })),
    );
    if (!missing.length) return slotIds;
    const rows: { id: string; listing_id: string; date: string }[] = await tx.manager.query(
      `SELECT s.id::text AS id, s.listing_id, to_char(s.date, 'YYYY-MM-DD') AS date
         FROM capacity_slots s JOIN unnest($1::uuid[], $2::date[]) AS w(listing_id, date)
           ON s.listing_id = w.listing_id AND s.date = w.date`,
      [missing.map((day) => day.listingId), missing.map((day) => day.date)],
    );
    for (const row of rows) slotIds.set(slotKey(row.listing_id, row.date), row.id);
    return slotIds;
  }
}
