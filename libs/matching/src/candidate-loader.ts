import { Injectable } from '@nestjs/common';
import { Tx, UnitOfWork } from '@vg/core';
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { CapacityOffer } from './engine';

export interface CandidateQuery {
  processCodes: string[];
  from: string;
  to: string;
  /** Allocations of this order don't hold capacity against it (a re-quote may reuse them). */
  exceptOrderId?: string;
  /** Listings that must not be offered (e.g. the one that just declined). */
  excludedListingIds?: string[];
}

export interface LoadedCandidates {
  offers: CapacityOffer[];
  /** `${listingId}|${date}` → slot id, to book what the engine planned. */
  slotIds: Map<string, string>;
}

export const slotKey = (listingId: string, date: string) => `${listingId}|${date}`;

/** Yuan with 2 decimals → integer fen, exactly. */
export const yuanToFen = (yuan: string): number => new Decimal(yuan).times(100).toNumber();
export const fenToYuan = (fen: number): string => new Decimal(fen).dividedBy(100).toFixed(2);

/**
 * Loads what the engines may draw on in three set-based queries, whatever the number of firms: the active
 * listings, their free days (capacity − booked − units held by open proposals), and the firms' delivery records.
 */
@Injectable()
export class CandidateLoader {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async load(query: CandidateQuery, tx?: Tx): Promise<LoadedCandidates> {
    const manager: EntityManager = tx?.manager ?? this.unitOfWork.manager;
    const listings: {
      id: string;
      firm_id: string;
      park_id: string;
      process_code: string;
      unit_price: string;
      min_order_quantity: number;
    }[] = await manager.query(
      `SELECT id, firm_id, park_id, process_code, unit_price, min_order_quantity
         FROM capacity_listings
        WHERE status = 'ACTIVE' AND process_code = ANY($1) AND start_date <= $3 AND end_date >= $2
          AND NOT (id = ANY($4::uuid[]))`,
      [query.processCodes, query.from, query.to, query.excludedListingIds ?? []],
    );
    if (!listings.length) return { offers: [], slotIds: new Map() };

    const [slots, records, groups] = await Promise.all([
      manager.query(
        `WITH held AS (
           SELECT d.slot_id, SUM(d.units) AS units
             FROM allocation_days d JOIN allocations a ON a.id = d.allocation_id
            WHERE a.status = 'PROPOSED' AND d.date BETWEEN $2 AND $3
              AND ($4::uuid IS NULL OR a.order_id <> $4::uuid)
            GROUP BY d.slot_id)
         SELECT s.id, s.listing_id, to_char(s.date, 'YYYY-MM-DD') AS date,
                (s.capacity - s.booked - COALESCE(held.units, 0))::int AS free
           FROM capacity_slots s
           JOIN capacity_listings l ON l.id = s.listing_id AND l.status = 'ACTIVE'
           LEFT JOIN held ON held.slot_id = s.id
          WHERE s.process_code = ANY($1) AND s.date BETWEEN $2 AND $3
            AND s.capacity - s.booked - COALESCE(held.units, 0) > 0
          ORDER BY s.listing_id, s.date`,
        [query.processCodes, query.from, query.to, query.exceptOrderId ?? null],
      ) as Promise<{ id: string; listing_id: string; date: string; free: number }[]>,
      this.deliveryRecords(manager, [...new Set(listings.map((listing) => listing.firm_id))]),
      this.groupMemberships(manager, [...new Set(listings.map((listing) => listing.firm_id))]),
    ]);

    const slotIds = new Map<string, string>();
    const daysByListing = new Map<string, { date: string; free: number }[]>();
    for (const slot of slots) {
      slotIds.set(slotKey(slot.listing_id, slot.date), slot.id);
      const days = daysByListing.get(slot.listing_id) ?? [];
      days.push({ date: slot.date, free: slot.free });
      daysByListing.set(slot.listing_id, days);
    }
    const offers = listings.map((listing) => {
      const record = records.get(listing.firm_id);
      return {
        listingId: listing.id,
        firmId: listing.firm_id,
        parkId: listing.park_id,
        groupIds: groups.get(listing.firm_id) ?? [],
        processCode: listing.process_code,
        unitPriceFen: yuanToFen(listing.unit_price),
        minOrderQuantity: listing.min_order_quantity,
        days: daysByListing.get(listing.id) ?? [],
        onTimeRate: record?.onTimeRate ?? null,
        qualityRate: record?.qualityRate ?? null,
      } satisfies CapacityOffer;
    });
    return { offers, slotIds };
  }

  /** On-time share of delivered allocations and defect-free share of delivered pieces, per firm. */
  private async deliveryRecords(manager: EntityManager, firmIds: string[]) {
    const rows: { firm_id: string; on_time: string; quality: string | null }[] = await manager.query(
      `SELECT firm_id,
              AVG(CASE WHEN delivered_on <= last_day THEN 1 ELSE 0 END) AS on_time,
              1 - SUM(defect_units)::numeric / NULLIF(SUM(units_delivered), 0) AS quality
         FROM allocations WHERE status = 'DELIVERED' AND firm_id = ANY($1) GROUP BY firm_id`,
      [firmIds],
    );
    return new Map(
      rows.map((row) => [
        row.firm_id,
        { onTimeRate: Number(row.on_time), qualityRate: row.quality === null ? null : Number(row.quality) },
      ]),
    );
  }

  /** Current virtual-group memberships per firm (the groups context owns the table). */
  private async groupMemberships(manager: EntityManager, firmIds: string[]): Promise<Map<string, string[]>> {
    const rows: { firm_id: string; group_ids: string[] }[] = await manager.query(
      `SELECT firm_id, array_agg(DISTINCT group_id::text) AS group_ids
         FROM group_members WHERE left_on IS NULL AND firm_id = ANY($1) GROUP BY firm_id`,
      [firmIds],
    );
    return new Map(rows.map((row) => [row.firm_id, row.group_ids]));
  }
}
