import { RowSource } from '@vg/core';

export interface DeliveryRecord {
  /** Share of the firm's delivered proposals delivered by their last day. */
  onTimeRate: number;
  /** Share of the pieces it delivered that were not defective; null when it delivered none. */
  qualityRate: number | null;
}

/**
 * The delivery record of each of these firms, from the proposals it delivered (firms that delivered none are left
 * out): what a quote and a re-plan both score a firm by.
 */
export async function deliveryRecordsOf(
  manager: RowSource,
  firmIds: readonly string[],
): Promise<Map<string, DeliveryRecord>> {
  if (!firmIds.length) return new Map();
  const rows: { firm_id: string; on_time: string; quality: string | null }[] = await manager.query(
    `SELECT firm_id, AVG(CASE WHEN delivered_on <= last_day THEN 1 ELSE 0 END) AS on_time,
            1 - SUM(defect_units)::numeric / NULLIF(SUM(units_delivered), 0) AS quality
       FROM proposals
      WHERE status = 'DELIVERED' AND firm_id = ANY($1::uuid[])
      GROUP BY firm_id`,
    [[...new Set(firmIds)]],
  );
  return new Map(
    rows.map((row) => [
      row.firm_id,
      { onTimeRate: Number(row.on_time), qualityRate: row.quality === null ? null : Number(row.quality) },
    ]),
  );
}
