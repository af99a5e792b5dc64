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
  slotIds: Map<string, string>;
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
    const days = saved.flatMap((allocation, index) =>
      assignments[index].days.map((day) => {
        const slotId = context.slotIds.get(slotKey(allocation.listingId, day.date));
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
}
