import { RowSource } from '@vg/core';
import { DAY_PACK } from './free-capacity.queries';

/**
 * Which listings' free days changed is published to matching as the SQL function
 * `capacity_listings_changed_since(horizon)` (a migration defines it over `capacity_changes`), so a reader can ask
 * it in the same statement, and the same snapshot, as its other logs.
 */

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
