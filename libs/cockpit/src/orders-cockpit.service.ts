import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@vg/core';
import { OrderStatus } from '@vg/orders';
import { assertWindow, ratio } from './cockpit-figures';
import {
  CockpitOrdersModel,
  OrderFunnelModel,
  OrderFunnelMonthModel,
  OrderStatusCountModel,
} from './dto/cockpit-orders.models';

const MAX_DAYS = 1100;

interface FunnelRow {
  by_month: number;
  by_status: number;
  month: string | null;
  status: OrderStatus | null;
  posted: number;
  planned: number;
  confirmed: number;
  delivered: number;
  cancelled: number;
  pieces_posted: string;
  pieces_confirmed: string;
  delivered_on_time: number;
  quote_to_confirm_hours: string | null;
}

/**
 * The park's order funnel in two statements: one pass over the park's orders grouped by month, by current status
 * and in total (grouping sets), and one over the stage deliveries of the park's firms.
 */
@Injectable()
export class OrdersCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async orders(parkId: string, from: string, to: string): Promise<CockpitOrdersModel> {
    assertWindow(from, to, MAX_DAYS);
    const manager = this.unitOfWork.manager;
    const [funnel, [stages]] = await Promise.all([
      manager.query(
        `WITH park_orders AS (
           SELECT order_id AS id FROM order_participants WHERE park_id = $1
           UNION SELECT id FROM orders WHERE preferred_park_id = $1
           UNION SELECT o.id FROM orders o JOIN virtual_groups g ON g.id = o.preferred_group_id WHERE g.park_id = $1),
         windowed AS (
           SELECT o.*, to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
                  EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.type = 'STATUS_PLANNED') AS was_planned
             FROM orders o JOIN park_orders p ON p.id = o.id
            WHERE o.created_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
              AND o.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
         SELECT GROUPING(month)::int AS by_month, GROUPING(status)::int AS by_status, month, status,
                COUNT(*)::int AS posted,
                COUNT(*) FILTER (WHERE was_planned)::int AS planned,
                COUNT(confirmed_at)::int AS confirmed,
                COUNT(delivered_at)::int AS delivered,
                COUNT(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
                COALESCE(SUM(quantity), 0)::text AS pieces_posted,
                COALESCE(SUM(quantity) FILTER (WHERE confirmed_at IS NOT NULL), 0)::text AS pieces_confirmed,
                COUNT(*) FILTER (
                  WHERE (delivered_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int AS delivered_on_time,
                ROUND(AVG(EXTRACT(EPOCH FROM confirmed_at - created_at)) / 3600, 2)::text AS quote_to_confirm_hours
           FROM windowed
          GROUP BY GROUPING SETS ((month), (status), ())
          ORDER BY month, status`,
        [parkId, from, to],
      ) as Promise<FunnelRow[]>,
      manager.query(
        `SELECT COUNT(*)::int AS delivered, COUNT(*) FILTER (WHERE delivered_on <= last_day)::int AS on_time
           FROM allocations
          WHERE park_id = $1 AND status = 'DELIVERED' AND delivered_on BETWEEN $2 AND $3`,
        [parkId, from, to],
      ) as Promise<{ delivered: number; on_time: number }[]>,
    ]);
    const total = funnel.find((row) => row.by_month === 1 && row.by_status === 1) as FunnelRow;
    return Object.assign(new CockpitOrdersModel(), {
      parkId,
      from,
      to,
      totals: Object.assign(new OrderFunnelModel(), funnelOf(total)),
      months: funnel
        .filter((row) => row.by_month === 0)
        .map((row) => Object.assign(new OrderFunnelMonthModel(), { month: row.month, ...funnelOf(row) })),
      statusNow: funnel
        .filter((row) => row.by_status === 0)
        .map((row) => Object.assign(new OrderStatusCountModel(), { status: row.status, count: row.posted })),
      fillRate: total.posted ? ratio(total.confirmed, total.posted) : null,
      orderOnTimeRate: total.delivered ? ratio(total.delivered_on_time, total.delivered) : null,
      stageOnTimeRate: stages.delivered ? ratio(stages.on_time, stages.delivered) : null,
      averageQuoteToConfirmHours: total.quote_to_confirm_hours,
    });
  }
}

function funnelOf(row: FunnelRow) {
  return {
    posted: row.posted,
    planned: row.planned,
    confirmed: row.confirmed,
    delivered: row.delivered,
    cancelled: row.cancelled,
    piecesPosted: row.pieces_posted,
    piecesConfirmed: row.pieces_confirmed,
  };
}
