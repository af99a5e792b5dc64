import { Injectable } from '@nestjs/common';
import { administeredParkId, ExportedFile, Principal, todayInChina, UnitOfWork } from '@vg/core';
import { firmNames } from '@vg/firms';
import { parkTransportSettings } from '@vg/parks';
import Decimal from 'decimal.js';
import { buildPlanningInstance, PlanningInstance } from './planning-instance';
import { DEFAULT_TRANSPORT_RATE_PER_UNIT_KM } from './transport-terms';
import { ReplanInputLoader } from './replan-input-loader';

/**
 * A park's re-plan as a self-contained `vg-planning-instance/1` file: exactly the orders and offers the in-app
 * re-plan would read now (same loader), so `npm run replan:file` on it plans what the park's re-plan plans. What
 * the file format has no place for is left out: virtual groups, preferred parks and the on-time and quality
 * records that only break ties between otherwise equal firms in a quote.
 */
@Injectable()
export class PlanningInstanceExportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly inputs: ReplanInputLoader,
  ) {}

  async instanceOf(principal: Principal, parkIdAsked: string, today = todayInChina()): Promise<PlanningInstance> {
    const parkId = administeredParkId(principal, parkIdAsked);
    const manager = this.unitOfWork.manager;
    const [input, settings] = await Promise.all([this.inputs.load(parkId), parkTransportSettings(manager, [parkId])]);
    const names = await firmNames(manager, [...new Set(input.offers.map((offer) => offer.firmId))]);
    const start = input.orders.reduce((min, order) => (order.earliestStart < min ? order.earliestStart : min), today);
    const end = input.orders.reduce((max, order) => (order.dueDate > max ? order.dueDate : max), today);
    return buildPlanningInstance(
      {
        name: `park ${parkId} on ${today}`,
        horizon: { start, end },
        distanceMode: 'great-circle',
        transportRatePerUnitKm: new Decimal(
          settings.get(parkId)?.transportRatePerUnitKm ?? DEFAULT_TRANSPORT_RATE_PER_UNIT_KM,
        ).toString(),
        firmNames: names,
      },
      input.orders,
      input.offers,
    );
  }

  async export(principal: Principal, parkId: string): Promise<ExportedFile> {
    const today = todayInChina();
    const instance = await this.instanceOf(principal, parkId, today);
    return {
      fileName: `planning-instance-${parkId}-${today}.json`,
      contentType: 'application/json',
      contentBase64: Buffer.from(`${JSON.stringify(instance)}\n`, 'utf8').toString('base64'),
      rowCount: instance.orders.length,
    };
  }
}
