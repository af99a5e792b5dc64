import { Injectable } from '@nestjs/common';
import { badInput, Clock, conflict, notFound, ownFirmId, Principal, Tx, UnitOfWork } from '@vg/core';
import { OrderEntity, orderEvent, OrdersService } from '@vg/orders';
import { PlatformOutputRecorder } from '@vg/output';
import { ProgressReportEntity } from './progress-report.entity';
import { ProposalEntity, ProposalStatus } from './proposal.entity';

export interface ProgressInput {
  proposalId: string;
  date: string;
  unitsDone: number;
  defectUnits: number;
}

export interface DeliveryInput {
  proposalId: string;
  deliveredOn: string;
  unitsDelivered: number;
  defectUnits: number;
}

/**
 * Firms report what they did per day and when they delivered; this builds their on-time and quality record,
 * records the platform output a delivery makes, and asks orders to move the order to IN_PRODUCTION and DELIVERED.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
    private readonly platformOutput: PlatformOutputRecorder,
    private readonly clock: Clock,
  ) {}

  report(principal: Principal, input: ProgressInput): Promise<ProposalEntity> {
    if (input.defectUnits > input.unitsDone) throw badInput('defectUnits', 'Defects cannot exceed units done');
    this.refuseFuture('date', input.date, 'Progress cannot be reported for a day that has not come yet');
    return this.unitOfWork.run(async (tx) => {
      const proposal = await this.lockOwnBooked(tx, principal, input.proposalId);
      if (input.date < proposal.firstDay) throw badInput('date', 'Progress cannot be reported before the first day');
      await tx.manager.upsert(
        ProgressReportEntity,
        {
          proposalId: proposal.id,
          parkId: proposal.parkId,
          firmId: proposal.firmId,
          date: input.date,
          unitsDone: input.unitsDone,
          defectUnits: input.defectUnits,
        },
        ['proposalId', 'date'],
      );
      const [{ done }] = await tx.manager.query(
        `SELECT COALESCE(SUM(units_done), 0)::int AS done FROM progress_reports WHERE proposal_id = $1`,
        [proposal.id],
      );
      if (done > proposal.units) {
        throw badInput('unitsDone', `Reports would total ${done} pieces, more than the ${proposal.units} proposed`);
      }
      proposal.unitsDone = done;
      await tx.manager.update(ProposalEntity, { id: proposal.id }, { unitsDone: done });
      const order = await this.startProduction(tx, proposal);
      tx.publishAfterCommit(
        orderEvent(
          'PROGRESS_REPORTED',
          order,
          { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
          { proposalId: proposal.id, unitsDone: done },
          proposal.id,
        ),
      );
      return proposal;
    });
  }

  /** The whole proposal is delivered: its platform output is recorded, and the order is delivered with its last stage. */
  deliver(principal: Principal, input: DeliveryInput): Promise<ProposalEntity> {
    if (input.defectUnits > input.unitsDelivered)
      throw badInput('defectUnits', 'Defects cannot exceed units delivered');
    this.refuseFuture('deliveredOn', input.deliveredOn, 'A delivery cannot be dated after today');
    return this.unitOfWork.run(async (tx) => {
      const proposal = await this.lockOwnBooked(tx, principal, input.proposalId);
      if (input.unitsDelivered !== proposal.units) {
        throw badInput('unitsDelivered', `The proposal is ${proposal.units} pieces; deliver all of them`);
      }
      if (input.deliveredOn < proposal.firstDay) throw badInput('deliveredOn', 'Delivery cannot precede the first day');
      Object.assign(proposal, {
        status: ProposalStatus.DELIVERED,
        unitsDelivered: input.unitsDelivered,
        defectUnits: input.defectUnits,
        deliveredOn: input.deliveredOn,
        unitsDone: Math.max(proposal.unitsDone, input.unitsDelivered),
      });
      await tx.manager.update(
        ProposalEntity,
        { id: proposal.id },
        {
          status: proposal.status,
          unitsDelivered: proposal.unitsDelivered,
          defectUnits: proposal.defectUnits,
          deliveredOn: proposal.deliveredOn,
          unitsDone: proposal.unitsDone,
        },
      );
      await this.platformOutput.record(tx, {
        proposalId: proposal.id,
        orderId: proposal.orderId,
        stageId: proposal.stageId,
        stageSeq: proposal.stageSeq,
        processCode: proposal.processCode,
        firmId: proposal.firmId,
        parkId: proposal.parkId,
        deliveredOn: input.deliveredOn,
        unitsDelivered: input.unitsDelivered,
        unitPrice: proposal.unitPrice,
      });
      const order = await this.startProduction(tx, proposal);
      tx.publishAfterCommit(
        orderEvent(
          'STAGE_DELIVERED',
          order,
          { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
          { proposalId: proposal.id, stageSeq: proposal.stageSeq, onTime: input.deliveredOn <= proposal.lastDay },
          proposal.id,
        ),
      );
      if (await this.lastStageDelivered(tx, order, proposal)) {
        await this.orders.lastStageDelivered(tx, order);
        tx.publishAfterCommit(orderEvent('ORDER_DELIVERED', order, {}));
      }
      return proposal;
    });
  }

  /** Facts are dated on or before today (China): a day that has not come yet cannot have happened. */
  private refuseFuture(field: string, date: string, message: string): void {
    if (date > this.clock.today()) throw badInput(field, message);
  }

  /** Locks the proposal's order and tells orders that work on it has started. */
  private async startProduction(tx: Tx, proposal: ProposalEntity): Promise<OrderEntity> {
    const order = await this.orders.lockById(tx, proposal.orderId);
    await this.orders.workStarted(tx, order);
    return order;
  }

  /** True once this delivery is of the order's last stage and that stage has the whole quantity delivered. */
  private async lastStageDelivered(tx: Tx, order: OrderEntity, proposal: ProposalEntity): Promise<boolean> {
    const stages = await this.orders.stagesOf(tx, order.id);
    const lastSeq = Math.max(...stages.map((stage) => stage.seq));
    if (proposal.stageSeq !== lastSeq) return false;
    const [{ delivered }]: { delivered: number }[] = await tx.manager.query(
      `SELECT COALESCE(SUM(units_delivered), 0)::int AS delivered FROM proposals
        WHERE order_id = $1 AND stage_seq = $2 AND status = 'DELIVERED'`,
      [order.id, lastSeq],
    );
    return delivered >= order.quantity;
  }

  private async lockOwnBooked(tx: Tx, principal: Principal, proposalId: string): Promise<ProposalEntity> {
    const firmId = ownFirmId(principal);
    const proposal = await tx.manager.findOne(ProposalEntity, {
      where: { id: proposalId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!proposal || proposal.firmId !== firmId) throw notFound('Proposal');
    if (proposal.status !== ProposalStatus.ACCEPTED) {
      throw conflict(`Progress is reported on accepted work; this is ${proposal.status}`, 'id');
    }
    return proposal;
  }
}
