import { RowSource } from '@vg/core';

export interface HoldChangesSince {
  /** The oldest transaction still running as of this read: pass it to the next read. */
  horizon: string;
  listingIds: string[];
  /** Firms whose proposals changed: their delivery records may have too. */
  firmIds: string[];
}

/** Listings whose held units changed in transactions from `horizon` on (see `listingsChangedSince` in capacity). */
export async function holdsChangedSince(source: RowSource, horizon: string | null): Promise<HoldChangesSince> {
  const [row] = await source.query<{ horizon: string; listing_ids: string[]; firm_ids: string[] }[]>(
    `WITH changed AS (SELECT listing_id, firm_id FROM proposal_hold_changes
                       WHERE $1::text IS NOT NULL AND xid >= $1::text::xid8)
     SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
            ARRAY(SELECT DISTINCT listing_id FROM changed)::text[] AS listing_ids,
            ARRAY(SELECT DISTINCT firm_id FROM changed)::text[] AS firm_ids`,
    [horizon],
  );
  return { horizon: row.horizon, listingIds: row.listing_ids, firmIds: row.firm_ids };
}

export async function pruneHoldChanges(source: RowSource, seconds: number): Promise<void> {
  await source.query(`DELETE FROM proposal_hold_changes WHERE changed_at < now() - make_interval(secs => $1)`, [
    seconds,
  ]);
}

export interface HeldDayRow {
  listing_id: string;
  /** Days from the window's first day. */
  day: number;
  units: number;
}

/**
 * Units held by open proposals on [from, to]: of these listings (null: all), or of one order only (what a
 * re-quote of that order gives back).
 */
export function heldUnits(
  source: RowSource,
  window: { from: string; to: string; listingIds?: string[] | null; orderId?: string },
): Promise<HeldDayRow[]> {
  return source.query(
    `SELECT p.listing_id, (d.date - $1::date) AS day, SUM(d.units)::int AS units
       FROM proposals p JOIN proposal_days d ON d.proposal_id = p.id
      WHERE p.status = 'PROPOSED' AND d.date BETWEEN $1 AND $2
        AND ($3::uuid[] IS NULL OR p.listing_id = ANY($3::uuid[]))
        AND ($4::uuid IS NULL OR p.order_id = $4::uuid)
      GROUP BY p.listing_id, d.date`,
    [window.from, window.to, window.listingIds ?? null, window.orderId ?? null],
  );
}
