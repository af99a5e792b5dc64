import { EntityManager } from 'typeorm';

/** What read models (the cockpit) may read of proposals: stage deliveries and the work proposed to firms. */

/** A park's proposals delivered within [from, to], and how many of them by their last day. */
export async function stageDeliveries(
  manager: EntityManager,
  parkId: string,
  from: string,
  to: string,
): Promise<{ delivered: number; onTime: number }> {
  const [row]: { delivered: number; onTime: number }[] = await manager.query(
    `SELECT COUNT(*)::int AS delivered, COUNT(*) FILTER (WHERE delivered_on <= last_day)::int AS "onTime"
       FROM proposals
      WHERE park_id = $1 AND status = 'DELIVERED' AND delivered_on BETWEEN $2 AND $3`,
    [parkId, from, to],
  );
  return row;
}

/** Pieces of live work (proposed, accepted or delivered) of these orders, per firm. */
export async function liveUnitsByFirm(
  manager: EntityManager,
  orderIds: readonly string[],
): Promise<Map<string, number>> {
  if (!orderIds.length) return new Map();
  const rows: { firm_id: string; units: number }[] = await manager.query(
    `SELECT firm_id, SUM(units)::int AS units FROM proposals
      WHERE order_id = ANY($1::uuid[]) AND status IN ('PROPOSED', 'ACCEPTED', 'DELIVERED')
      GROUP BY firm_id`,
    [orderIds],
  );
  return new Map(rows.map((row) => [row.firm_id, row.units]));
}
