import { EntityManager } from 'typeorm';

/**
 * What matching may read of capacity, set-based whatever the number of firms: the active listings a quote may draw
 * on with their free days, a park's free slots for a re-plan, and the slot ids behind proposal days. Free means not
 * booked; what open proposals hold is matching's to subtract.
 */

export interface FreeListingQuery {
  processCodes: string[];
  from: string;
  to: string;
  /** Per process code (same order), the highest price ceiling in fen, or null for none. */
  ceilingsFen: (number | null)[];
  excludedListingIds: string[];
  /** True: only the listings above every ceiling, without their days; false: those within, with their days. */
  aboveCeiling: boolean;
}

export interface FreeListingRow {
  id: string;
  firm_id: string;
  park_id: string;
  process_code: string;
  unit_price_fen: number;
  min_order_quantity: number;
  /**
   * Free days in date order, each packed as `dayOffset × DAY_PACK + free` (offset from `from`) and joined by
   * commas: one short string per listing parses far faster than an array column. Null above the ceiling.
   */
  packed: string | null;
}

/** Free capacity is below 2,000,000 (a listing offers at most 1,000,000 a day), so offsets up to 1,000 fit an int. */
export const DAY_PACK = 2_000_000;

/**
 * The active listings of these processes overlapping [from, to], within (or above) the buyer's ceilings, each
 * with its free days read as one array through the (listing, date) index: no slot-sized sort or result.
 */
export function freeListings(manager: EntityManager, query: FreeListingQuery): Promise<FreeListingRow[]> {
  return manager.query(
    `SELECT l.id, l.firm_id, l.park_id, l.process_code, (l.unit_price * 100)::int AS unit_price_fen,
            l.min_order_quantity,
            CASE WHEN NOT $6 THEN array_to_string(ARRAY(
              SELECT (s.date - $2::date) * ${DAY_PACK} + (s.capacity - s.booked)
                FROM capacity_slots s
               WHERE s.listing_id = l.id AND s.date BETWEEN $2 AND $3 AND s.booked < s.capacity
               ORDER BY s.date), ',') END AS packed
       FROM capacity_listings l
       JOIN unnest($1::text[], $4::int[]) AS c(code, ceiling) ON c.code = l.process_code
      WHERE l.status = 'ACTIVE' AND l.start_date <= $3 AND l.end_date >= $2 AND NOT (l.id = ANY($5::uuid[]))
        AND (CASE WHEN $6 THEN l.unit_price * 100 > c.ceiling
                  ELSE c.ceiling IS NULL OR l.unit_price * 100 <= c.ceiling END)`,
    [query.processCodes, query.from, query.to, query.ceilingsFen, query.excludedListingIds, query.aboveCeiling],
  );
}

export interface ParkListingRow {
  id: string;
  firm_id: string;
  park_id: string;
  process_code: string;
  unit_price: string;
  min_order_quantity: number;
}

/** A park's active listings of these processes overlapping [from, to]. */
export function activeListingsOfPark(
  manager: EntityManager,
  parkId: string,
  processCodes: string[],
  from: string,
  to: string,
): Promise<ParkListingRow[]> {
  return manager.query(
    `SELECT id, firm_id, park_id, process_code, unit_price, min_order_quantity FROM capacity_listings
      WHERE park_id = $1 AND status = 'ACTIVE' AND process_code = ANY($2) AND start_date <= $4 AND end_date >= $3`,
    [parkId, processCodes, from, to],
  );
}

export interface FreeSlotRow {
  id: string;
  listing_id: string;
  date: string;
  /** capacity − booked, > 0. */
  free: number;
}

/** A park's slots of active listings with free capacity on [from, to], by listing then date. */
export function freeSlotsOfPark(
  manager: EntityManager,
  parkId: string,
  processCodes: string[],
  from: string,
  to: string,
): Promise<FreeSlotRow[]> {
  return manager.query(
    `SELECT s.id, s.listing_id, to_char(s.date, 'YYYY-MM-DD') AS date, (s.capacity - s.booked)::int AS free
       FROM capacity_slots s
       JOIN capacity_listings l ON l.id = s.listing_id AND l.status = 'ACTIVE'
      WHERE s.park_id = $1 AND s.process_code = ANY($2) AND s.date BETWEEN $3 AND $4 AND s.booked < s.capacity
      ORDER BY s.listing_id, s.date`,
    [parkId, processCodes, from, to],
  );
}

/** The slot of each (listing, date), in one statement; days without a slot are left out. */
export async function slotIdsOf(
  manager: EntityManager,
  days: { listingId: string; date: string }[],
): Promise<{ id: string; listingId: string; date: string }[]> {
  if (!days.length) return [];
  return manager.query(
    `SELECT s.id::text AS id, s.listing_id AS "listingId", to_char(s.date, 'YYYY-MM-DD') AS date
       FROM capacity_slots s JOIN unnest($1::uuid[], $2::date[]) AS w(listing_id, date)
         ON s.listing_id = w.listing_id AND s.date = w.date`,
    [days.map((day) => day.listingId), days.map((day) => day.date)],
  );
}
