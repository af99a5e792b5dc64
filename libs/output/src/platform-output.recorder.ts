import { Injectable } from '@nestjs/common';
import { Tx } from '@vg/core';
import Decimal from 'decimal.js';
import { firstDayOf } from './month';
import { PlatformOutputFactEntity } from './platform-output-fact.entity';

/** A stage delivered through the platform: what matching tells output when a firm delivers its proposal. */
export interface DeliveredStage {
  proposalId: string;
  orderId: string;
  stageId: string;
  stageSeq: number;
  processCode: string;
  firmId: string;
  parkId: string;
  /** `YYYY-MM-DD` */
  deliveredOn: string;
  unitsDelivered: number;
  /** Yuan per piece, 2 decimals. */
  unitPrice: string;
}

/** Writes the platform-output fact of a delivery, inside the delivery's transaction (so both commit or neither). */
@Injectable()
export class PlatformOutputRecorder {
  async record(tx: Tx, delivery: DeliveredStage): Promise<void> {
    await tx.manager.insert(PlatformOutputFactEntity, {
      proposalId: delivery.proposalId,
      orderId: delivery.orderId,
      stageId: delivery.stageId,
      stageSeq: delivery.stageSeq,
      processCode: delivery.processCode,
      firmId: delivery.firmId,
      parkId: delivery.parkId,
      month: firstDayOf(delivery.deliveredOn),
      deliveredOn: delivery.deliveredOn,
      units: delivery.unitsDelivered,
      unitPrice: delivery.unitPrice,
      value: new Decimal(delivery.unitsDelivered).times(delivery.unitPrice).toFixed(2),
    });
  }
}
