import { EntityManager } from 'typeorm';
import { OrderStatus } from './order-status';

/** One row of a park's order funnel: a month (Asia/Shanghai), a current status, or the total of the window. */
export interface OrderFunnelRow {
  /** 1 on the rows that are not per month (the status rows and the total). */
  byMonth: number;
  /** 1 on the rows that are not per status (the month rows and the total). */
  byStatus: number;
  month: string | null;
  status: OrderStatus | null;
  posted: number;
  planned: number;
  confirmed: number;
  delivered: number;
  cancelled: number;
  piecesPosted: string;
  piecesConfirmed: string;
  deliveredOnTime: number;
  quoteToConfirmHours: string | null;
}

/**
 * The funnel of the orders that concern a park — reached its firms, prefer it, or prefer one of `groupIds` (its
 * groups) — posted within [from, to] (days in Asia/Shanghai), in one pass: by month, by current status and in total.
 */
export function orderFunnel(
  manager: EntityManager,
  parkId: string,
  groupIds: readonly string[],
  from: string,
  to: string,
): Promise<OrderFunnelRow[]> {
  return manager.query(
    `WITH park_orders AS (
       SELECT order_id AS id FROM order_participants WHERE park_id = $1
       UNION SELECT id FROM orders WHERE preferred_park_id = $1
       UNION SELECT id FROM orders WHERE preferred_group_id = ANY($4::uuid[])),
     windowed AS (
       SELECT o.*, to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
              EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.type = 'STATUS_PLANNED') AS was_planned
         FROM orders o JOIN park_orders p ON p.id = o.id
        WHERE o.created_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND o.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
     SELECT GROUPING(month)::int AS "byMonth", GROUPING(status)::int AS "byStatus", month, status,
            COUNT(*)::int AS posted,
            COUNT(*) FILTER (WHERE was_planned)::int AS planned,
            COUNT(confirmed_at)::int AS confirmed,
            COUNT(delivered_at)::int AS delivered,
            COUNT(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
            COALESCE(SUM(quantity), 0)::text AS "piecesPosted",
            COALESCE(SUM(quantity) FILTER (WHERE confirmed_at IS NOT NULL), 0)::text AS "piecesConfirmed",
            COUNT(*) FILTER (
              WHERE (delivered_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int AS "deliveredOnTime",
            ROUND(AVG(EXTRACT(EPOCH FROM confirmed_at - created_at)) / 3600, 2)::text AS "quoteToConfirmHours"
       FROM windowed
      GROUP BY GROUPING SETS ((month), (status), ())
      ORDER BY month, status`,
    [parkId, from, to, groupIds],
  );
}
