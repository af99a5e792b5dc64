import { RowSource } from '@vg/core';
import { DAY_PACK } from './free-capacity.queries';

export interface ChangesSince {
  /** The oldest transaction still running as of this read: pass it to the next read. */
  horizon: string;
  listingIds: string[];
}

/**
 * Listings whose free days changed in transactions from `horizon` on (null: none asked, only the horizon read),
 * and the next horizon. Entries of a transaction that commits later have an id ≥ the returned horizon, so the next
 * read sees them: nothing committed is ever skipped.
 */
export async function listingsChangedSince(source: RowSource, horizon: string | null): Promise<ChangesSince> {
  const [row] = await source.query<{ horizon: string; ids: string[] }[]>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
            ARRAY(SELECT DISTINCT listing_id FROM capacity_changes
                   WHERE $1::text IS NOT NULL AND xid >= $1::text::xid8)::text[] AS ids`,
    [horizon],
  );
  return { horizon: row.horizon, listingIds: row.ids };
}

/** Drops log entries older than `seconds`: readers that were away longer rebuild instead of catching up. */
export async function pruneCapacityChanges(source: RowSource, seconds: number): Promise<void> {
  await source.query(`DELETE FROM capacity_changes WHERE changed_at < now() - make_interval(secs => $1)`, [seconds]);
}

export interface ListingCalendarRow {
  id: string;
  firm_id: string;
  park_id: string;
  process_code: string;
  unit_price_fen: number;
  min_order_quantity: number;
  active: boolean;
  start_date: string;
  end_date: string;
  /** Free days (capacity − booked > 0) in [from, to], packed as in `freeListings`: `offset × DAY_PACK + free`. */
  packed: string;
}

/**
 * Listings with their free days over [from, to]: every active listing overlapping it, or exactly the listings
 * named (any status, so a reader learns that one was withdrawn).
 */
export function listingCalendars(
  source: RowSource,
  window: { from: string; to: string; listingIds?: string[] },
): Promise<ListingCalendarRow[]> {
  return source.query(
    `SELECT l.id, l.firm_id, l.park_id, l.process_code, (l.unit_price * 100)::int AS unit_price_fen,
            l.min_order_quantity, l.status = 'ACTIVE' AS active,
            to_char(l.start_date, 'YYYY-MM-DD') AS start_date, to_char(l.end_date, 'YYYY-MM-DD') AS end_date,
            array_to_string(ARRAY(
              SELECT (s.date - $1::date) * ${DAY_PACK} + (s.capacity - s.booked)
                FROM capacity_slots s
               WHERE s.listing_id = l.id AND s.date BETWEEN $1 AND $2 AND s.booked < s.capacity
               ORDER BY s.date), ',') AS packed
       FROM capacity_listings l
      WHERE CASE WHEN $3::uuid[] IS NULL
                 THEN l.status = 'ACTIVE' AND l.start_date <= $2 AND l.end_date >= $1
                 ELSE l.id = ANY($3::uuid[]) END`,
    [window.from, window.to, window.listingIds ?? null],
  );
}
