import { Injectable } from '@nestjs/common';
import { AppError, badInput, ErrorCode, notFound, Principal, Role, Tx, UnitOfWork } from '@vg/core';
import { OrdersService, OrderStatus } from '@vg/orders';
import { AllocationEntity, AllocationStatus } from './allocation.entity';
import { ProgressReportEntity } from './progress-report.entity';
import { orderEvent } from './proposal-writer';

export interface ProgressInput {
  allocationId: string;
  date: string;
  unitsDone: number;
  defectUnits: number;
}

export interface DeliveryInput {
  allocationId: string;
  deliveredOn: string;
  unitsDelivered: number;
  defectUnits: number;
}

/**
 * Firms report what they did per day and when they delivered; this builds their on-time and quality record and
 * moves the order to IN_PRODUCTION and DELIVERED.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
  ) {}

  report(principal: Principal, input: ProgressInput): Promise<AllocationEntity> {
    if (input.defectUnits > input.unitsDone) throw badInput('defectUnits', 'Defects cannot exceed units done');
    return this.unitOfWork.run(async (tx) => {
      const allocation = await this.lockOwnBooked(tx, principal, input.allocationId);
      if (input.date < allocation.firstDay) throw badInput('date', 'Progress cannot be reported before the first day');
      await tx.manager.upsert(
        ProgressReportEntity,
        {
          allocationId: allocation.id,
          parkId: allocation.parkId,
          firmId: allocation.firmId,
          date: input.date,
          unitsDone: input.unitsDone,
          defectUnits: input.defectUnits,
        },
        ['allocationId', 'date'],
      );
      const [{ done }] = await tx.manager.query(
        `SELECT COALESCE(SUM(units_done), 0)::int AS done FROM progress_reports WHERE allocation_id = $1`,
        [allocation.id],
      );
      if (done > allocation.units) {
        throw badInput('unitsDone', `Reports would total ${done} pieces, more than the ${allocation.units} allocated`);
      }
      allocation.unitsDone = done;
      await tx.manager.update(AllocationEntity, { id: allocation.id }, { unitsDone: done });
      const order = await this.orders.lockById(tx, allocation.orderId);
      if (order.status === OrderStatus.CONFIRMED) await this.orders.transition(tx, order, OrderStatus.IN_PRODUCTION);
      tx.publishAfterCommit(
        orderEvent(
          'PROGRESS_REPORTED',
          order,
          { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
          {
            proposalId: allocation.id,
            unitsDone: done,
          },
          allocation.id,
        ),
      );
      return allocation;
    });
  }

  deliver(principal: Principal, input: DeliveryInput): Promise<AllocationEntity> {
    if (input.defectUnits > input.unitsDelivered)
      throw badInput('defectUnits', 'Defects cannot exceed units delivered');
    return this.unitOfWork.run(async (tx) => {
      const allocation = await this.lockOwnBooked(tx, principal, input.allocationId);
      if (input.unitsDelivered !== allocation.units) {
        throw badInput('unitsDelivered', `The share is ${allocation.units} pieces; deliver all of them`);
      }
      if (input.deliveredOn < allocation.firstDay)
        throw badInput('deliveredOn', 'Delivery cannot precede the first day');
      Object.assign(allocation, {
        status: AllocationStatus.DELIVERED,
        unitsDelivered: input.unitsDelivered,
        defectUnits: input.defectUnits,
        deliveredOn: input.deliveredOn,
        unitsDone: Math.max(allocation.unitsDone, input.unitsDelivered),
      });
      await tx.manager.update(
        AllocationEntity,
        { id: allocation.id },
        {
          status: allocation.status,
          unitsDelivered: allocation.unitsDelivered,
          defectUnits: allocation.defectUnits,
          deliveredOn: allocation.deliveredOn,
          unitsDone: allocation.unitsDone,
        },
      );
      const order = await this.orders.lockById(tx, allocation.orderId);
      if (order.status === OrderStatus.CONFIRMED) await this.orders.transition(tx, order, OrderStatus.IN_PRODUCTION);
      tx.publishAfterCommit(
        orderEvent(
          'STAGE_DELIVERED',
          order,
          { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
          {
            proposalId: allocation.id,
            stageSeq: allocation.stageSeq,
            onTime: input.deliveredOn <= allocation.lastDay,
          },
          allocation.id,
        ),
      );
      const [{ last_stage, delivered }] = await tx.manager.query(
        `SELECT MAX(s.seq)::int AS last_stage,
                COALESCE(SUM(a.units_delivered) FILTER (
                  WHERE a.status = 'DELIVERED' AND a.stage_seq = (SELECT MAX(seq) FROM order_stages WHERE order_id = $1)
                ), 0)::int AS delivered
           FROM order_stages s LEFT JOIN allocations a ON a.stage_id = s.id WHERE s.order_id = $1`,
        [order.id],
      );
      if (allocation.stageSeq === last_stage && delivered >= order.quantity) {
        await this.orders.transition(tx, order, OrderStatus.DELIVERED);
        tx.publishAfterCommit(orderEvent('ORDER_DELIVERED', order, {}));
      }
      return allocation;
    });
  }

  private async lockOwnBooked(tx: Tx, principal: Principal, allocationId: string): Promise<AllocationEntity> {
    const allocation = await tx.manager.findOne(AllocationEntity, {
      where: { id: allocationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!allocation || principal.role !== Role.SME_OWNER || allocation.firmId !== principal.firmId) {
      throw notFound('Proposal');
    }
    if (allocation.status !== AllocationStatus.ACCEPTED) {
      throw new AppError(
        ErrorCode.CONFLICT,
        `Progress is reported on accepted work; this is ${allocation.status}`,
        'id',
      );
    }
    return allocation;
  }
}
