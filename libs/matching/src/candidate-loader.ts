import { Injectable } from '@nestjs/common';
import { daysBetween, eachDay, Tx, UnitOfWork } from '@vg/core';
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { CapacityOffer } from './engine';
import { activeMembershipsSql, deliveryRecordsSql } from './firm-record.sql';

export interface CandidateQuery {
  processCodes: string[];
  from: string;
  to: string;
  /**
   * The buyer's ceilings per process, fen per piece (one per stage of that process). Only listings within the
   * highest are read with their days; listings above every ceiling matter to the engines only as the count and
   * cheapest price behind "all offers exceed the ceiling", so they are read (without days) only when some stage
   * has no listing within its own ceiling. Without ceilings, every listing is read with its days.
   */
  priceCeilingsFen?: Record<string, number[]>;
  /** Allocations of this order don't hold capacity against it (a re-quote may reuse them). */
  exceptOrderId?: string;
  /** Listings that must not be offered (e.g. the one that just declined). */
  excludedListingIds?: string[];
}

export interface LoadedCandidates {
  offers: CapacityOffer[];
}

export const slotKey = (listingId: string, date: string) => `${listingId}|${date}`;

/** Yuan with 2 decimals → integer fen, exactly. */
export const yuanToFen = (yuan: string): number => new Decimal(yuan).times(100).toNumber();
export const fenToYuan = (fen: number): string => new Decimal(fen).dividedBy(100).toFixed(2);

interface ListingRow {
  id: string;
  firm_id: string;
  park_id: string;
  process_code: string;
  unit_price_fen: number;
  min_order_quantity: number;
  /**
   * Free days before what open proposals hold, in date order, each packed as `dayOffset × DAY_PACK + free` and
   * joined by commas: one short string per listing parses far faster than an array column.
   */
  packed: string | null;
  on_time: string | null;
  quality: string | null;
  group_ids: string[] | null;
}

/** Free capacity is below 2,000,000 (a listing offers at most 1,000,000 a day), so offsets up to 1,000 fit an int. */
const DAY_PACK = 2_000_000;
const MAX_WINDOW_DAYS = 1_000;

interface HeldRow {
  listing_id: string;
  day: number;
  units: number;
}

/**
 * Loads what the engines may draw on in a few set-based statements, whatever the number of firms: the active
 * listings within the buyer's price ceilings, each with its free days as one array read through the (listing,
 * date) index (no slot-sized sort or result), its firm's delivery record and group memberships; the units held by
 * open proposals of other orders, subtracted here; and, only when a stage would otherwise have no candidate at all,
 * the listings above the ceiling. Slot ids are not read: the proposal writer looks up the few it needs.
 */
@Injectable()
export class CandidateLoader {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async load(query: CandidateQuery, tx?: Tx): Promise<LoadedCandidates> {
    if (daysBetween(query.from, query.to) >= MAX_WINDOW_DAYS) {
      throw new RangeError(`Candidates are read for at most ${MAX_WINDOW_DAYS} days at a time`);
    }
    const manager: EntityManager = tx?.manager ?? this.unitOfWork.manager;
    const ceilings = query.processCodes.map((code) => {
      const stageCeilings = query.priceCeilingsFen?.[code];
      return stageCeilings?.length ? Math.max(...stageCeilings) : null;
    });
    const listingsQuery = (aboveCeiling: boolean) =>
      manager.query(
        `WITH listing AS (
           SELECT l.id, l.firm_id, l.park_id, l.process_code, (l.unit_price * 100)::int AS unit_price_fen,
                  l.min_order_quantity
             FROM capacity_listings l
             JOIN unnest($1::text[], $4::int[]) AS c(code, ceiling) ON c.code = l.process_code
            WHERE l.status = 'ACTIVE' AND l.start_date <= $3 AND l.end_date >= $2 AND NOT (l.id = ANY($5::uuid[]))
              AND (CASE WHEN $6 THEN l.unit_price * 100 > c.ceiling
                        ELSE c.ceiling IS NULL OR l.unit_price * 100 <= c.ceiling END)),
         records AS (${deliveryRecordsSql('{firm} IN (SELECT firm_id FROM listing)')}),
         memberships AS (${activeMembershipsSql('{firm} IN (SELECT firm_id FROM listing)')})
         SELECT l.id, l.firm_id, l.park_id, l.process_code, l.unit_price_fen, l.min_order_quantity,
                CASE WHEN NOT $6 THEN array_to_string(ARRAY(
                  SELECT (s.date - $2::date) * ${DAY_PACK} + (s.capacity - s.booked)
                    FROM capacity_slots s
                   WHERE s.listing_id = l.id AND s.date BETWEEN $2 AND $3 AND s.booked < s.capacity
                   ORDER BY s.date), ',') END AS packed,
                r.on_time, r.quality, g.group_ids
           FROM listing l
           LEFT JOIN records r ON r.firm_id = l.firm_id
           LEFT JOIN memberships g ON g.firm_id = l.firm_id`,
        [query.processCodes, query.from, query.to, ceilings, query.excludedListingIds ?? [], aboveCeiling],
      ) as Promise<ListingRow[]>;
    const heldQuery = () =>
      manager.query(
        `SELECT a.listing_id, (d.date - $2::date) AS day, SUM(d.units)::int AS units
           FROM allocations a JOIN allocation_days d ON d.allocation_id = a.id
          WHERE a.status = 'PROPOSED' AND a.process_code = ANY($1) AND d.date BETWEEN $2 AND $3
            AND ($4::uuid IS NULL OR a.order_id <> $4::uuid)
          GROUP BY a.listing_id, d.date`,
        [query.processCodes, query.from, query.to, query.exceptOrderId ?? null],
      ) as Promise<HeldRow[]>;
    // A transaction is one connection, which runs one statement at a time; outside one, both go at once.
    const [listings, held] = tx
      ? [await listingsQuery(false), await heldQuery()]
      : await Promise.all([listingsQuery(false), heldQuery()]);
    if (this.someStageWithoutCandidate(query, listings)) listings.push(...(await listingsQuery(true)));

    const heldByListing = new Map<string, Map<number, number>>();
    for (const row of held) {
      const days = heldByListing.get(row.listing_id) ?? new Map<number, number>();
      days.set(row.day, row.units);
      heldByListing.set(row.listing_id, days);
    }
    const dates = eachDay(query.from, query.to);
    const offers = listings.map((listing): CapacityOffer => {
      const days: CapacityOffer['days'] = [];
      const heldHere = heldByListing.get(listing.id);
      for (const token of listing.packed ? listing.packed.split(',') : []) {
        const packed = Number(token);
        const offset = Math.floor(packed / DAY_PACK);
        const free = packed - offset * DAY_PACK - (heldHere?.get(offset) ?? 0);
        if (free > 0) days.push({ date: dates[offset], free });
      }
      return {
        listingId: listing.id,
        firmId: listing.firm_id,
        parkId: listing.park_id,
        groupIds: listing.group_ids ?? [],
        processCode: listing.process_code,
        unitPriceFen: listing.unit_price_fen,
        minOrderQuantity: listing.min_order_quantity,
        days,
        onTimeRate: listing.on_time === null ? null : Number(listing.on_time),
        qualityRate: listing.quality === null ? null : Number(listing.quality),
      };
    });
    return { offers };
  }

  /** True when a stage's own ceiling leaves it no listing among those read, so the engines must see the rest. */
  private someStageWithoutCandidate(query: CandidateQuery, listings: ListingRow[]): boolean {
    if (!query.priceCeilingsFen) return false;
    return query.processCodes.some((code) =>
      (query.priceCeilingsFen?.[code] ?? []).some(
        (ceiling) => !listings.some((listing) => listing.process_code === code && listing.unit_price_fen <= ceiling),
      ),
    );
  }
  /** Offers over `extra` merged into `base` (a later window of the same query): days appended, listings added. */
  static merge(base: LoadedCandidates, extra: LoadedCandidates): LoadedCandidates {
    const byListing = new Map(base.offers.map((offer) => [offer.listingId, { ...offer, days: [...offer.days] }]));
    for (const offer of extra.offers) {
      const known = byListing.get(offer.listingId);
      if (known) known.days.push(...offer.days);
      else byListing.set(offer.listingId, offer);
    }
    return { offers: [...byListing.values()] };
  }
}
