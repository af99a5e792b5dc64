import { Injectable } from '@nestjs/common';
import { toModel, UnitOfWork } from '@vg/core';
import { groupIdsOfPark } from '@vg/groups';
import { stageDeliveries } from '@vg/matching';
import { OrderFunnelRow, orderFunnel, OrderStatus } from '@vg/orders';
import { assertWindow, ratio } from './cockpit-figures';
import {
  CockpitOrdersModel,
  OrderFunnelModel,
  OrderFunnelMonthModel,
  OrderStatusCountModel,
} from './dto/cockpit-orders.models';

const MAX_DAYS = 1100;

/**
 * The park's order funnel in three statements: its groups (groups'), one pass over the orders that concern the
 * park grouped by month, by current status and in total (orders'), and one over the stage deliveries of the park's
 * firms (matching's).
 */
@Injectable()
export class OrdersCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async orders(parkId: string, from: string, to: string): Promise<CockpitOrdersModel> {
    assertWindow(from, to, MAX_DAYS);
    const manager = this.unitOfWork.manager;
    const [groupIds, stages] = await Promise.all([
      groupIdsOfPark(manager, parkId),
      stageDeliveries(manager, parkId, from, to),
    ]);
    const funnel = await orderFunnel(manager, parkId, groupIds, from, to);
    const total = funnel.find((row) => row.byMonth === 1 && row.byStatus === 1) as OrderFunnelRow;
    return toModel(CockpitOrdersModel, {
      parkId,
      from,
      to,
      totals: toModel(OrderFunnelModel, funnelOf(total)),
      months: funnel
        .filter((row) => row.byMonth === 0)
        .map((row) => toModel(OrderFunnelMonthModel, { month: row.month as string, ...funnelOf(row) })),
      statusNow: funnel
        .filter((row) => row.byStatus === 0)
        .map((row) => toModel(OrderStatusCountModel, { status: row.status as OrderStatus, count: row.posted })),
      fillRate: total.posted ? ratio(total.confirmed, total.posted) : null,
      orderOnTimeRate: total.delivered ? ratio(total.deliveredOnTime, total.delivered) : null,
      stageOnTimeRate: stages.delivered ? ratio(stages.onTime, stages.delivered) : null,
      averageQuoteToConfirmHours: total.quoteToConfirmHours,
    });
  }
}

function funnelOf(row: OrderFunnelRow) {
  return {
    posted: row.posted,
    planned: row.planned,
    confirmed: row.confirmed,
    delivered: row.delivered,
    cancelled: row.cancelled,
    piecesPosted: row.piecesPosted,
    piecesConfirmed: row.piecesConfirmed,
  };
}
