import { RowSource } from '@vg/core';

export interface ChangesSince {
  /** The oldest transaction still running as of this read: pass it to the next read. */
  horizon: string;
  /** Listings whose free days (capacity's log) or held units (proposals) changed. */
  listingIds: string[];
  /** Firms whose proposals changed: their delivery records may have too. */
  recordFirmIds: string[];
  /** Firms whose group memberships changed (groups' log). */
  membershipFirmIds: string[];
}

/**
 * Everything that changed in transactions from `horizon` on, in one statement (one snapshot): capacity's and
 * groups' logs through the functions they publish, matching's own hold log directly. With a null horizon only the
 * horizon is read. Entries of a transaction that commits later have an id at or above the returned horizon, so the
 * next read sees them: nothing committed is ever skipped.
 */
export async function changesSince(source: RowSource, horizon: string | null): Promise<ChangesSince> {
  const [row] = await source.query<
    { horizon: string; capacity: string[]; holds: string[]; records: string[]; memberships: string[] }[]
  >(
    `WITH holds AS (SELECT listing_id, firm_id FROM proposal_hold_changes
                     WHERE $1::text IS NOT NULL AND xid >= $1::text::xid8)
     SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
            CASE WHEN $1::text IS NULL THEN '{}' ELSE capacity_listings_changed_since($1) END::text[] AS capacity,
            ARRAY(SELECT DISTINCT listing_id FROM holds)::text[] AS holds,
            ARRAY(SELECT DISTINCT firm_id FROM holds)::text[] AS records,
            CASE WHEN $1::text IS NULL THEN '{}' ELSE group_firms_changed_since($1) END::text[] AS memberships`,
    [horizon],
  );
  return {
    horizon: row.horizon,
    listingIds: [...new Set([...row.capacity, ...row.holds])],
    recordFirmIds: row.records,
    membershipFirmIds: row.memberships,
  };
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
