import { Injectable } from '@nestjs/common';
import { DAY_PACK, FreeListingRow, freeListings } from '@vg/capacity';
import { daysBetween, eachDay, Tx, UnitOfWork } from '@vg/core';
import { supplierSiteFacts } from '@vg/firms';
import { activeMembershipsOf } from '@vg/groups';
import { PostOrderInput, statedOrDefaultRadius } from '@vg/orders';
import { parkTransportSettings } from '@vg/parks';
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { deliveryRecordsOf } from './delivery-records';
import { CapacityOffer, TransportTerms } from './engine';
import { offerQualifications } from './offer-qualifications';
import { transportTerms } from './transport-terms';
import { supplierRatingsOf } from './supplier-rating';

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
  /** Proposals of this order don't hold capacity against it (a re-quote may reuse them). */
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

const MAX_WINDOW_DAYS = 1_000;

interface HeldRow {
  listing_id: string;
  day: number;
  units: number;
}

/**
 * Loads what the engines may draw on in a few set-based statements, whatever the number of firms: the active
 * listings within the buyer's price ceilings with their free days (capacity's), the units held by open proposals
 * of other orders, subtracted here, the firms' delivery records, ratings, sites and certifications (firms') and
 * group memberships (groups'); and, only when a
 * stage would otherwise have no candidate at all, the listings above the ceiling. Slot ids are not read: the
 * proposal writer looks up the few it needs.
 */
@Injectable()
export class CandidateLoader {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async load(query: CandidateQuery, tx?: Tx): Promise<LoadedCandidates> {
    if (daysBetween(query.from, query.to) >= MAX_WINDOW_DAYS) {
      throw new RangeError(`Candidates are read for at most ${MAX_WINDOW_DAYS} days at a time`);
    }
    const manager: EntityManager = tx?.manager ?? this.unitOfWork.manager;
    const ceilingsFen = query.processCodes.map((code) => {
      const stageCeilings = query.priceCeilingsFen?.[code];
      return stageCeilings?.length ? Math.max(...stageCeilings) : null;
    });
    const listingsQuery = (aboveCeiling: boolean) =>
      freeListings(manager, {
        processCodes: query.processCodes,
        from: query.from,
        to: query.to,
        ceilingsFen,
        excludedListingIds: query.excludedListingIds ?? [],
        aboveCeiling,
      });
    const heldQuery = () =>
      manager.query(
        `SELECT p.listing_id, (d.date - $2::date) AS day, SUM(d.units)::int AS units
           FROM proposals p JOIN proposal_days d ON d.proposal_id = p.id
          WHERE p.status = 'PROPOSED' AND p.process_code = ANY($1) AND d.date BETWEEN $2 AND $3
            AND ($4::uuid IS NULL OR p.order_id <> $4::uuid)
          GROUP BY p.listing_id, d.date`,
        [query.processCodes, query.from, query.to, query.exceptOrderId ?? null],
      ) as Promise<HeldRow[]>;
    // A transaction is one connection, which runs one statement at a time; outside one, they go at once.
    const [listings, held] = tx
      ? [await listingsQuery(false), await heldQuery()]
      : await Promise.all([listingsQuery(false), heldQuery()]);
    if (this.someStageWithoutCandidate(query, listings)) listings.push(...(await listingsQuery(true)));
    const firmIds = [...new Set(listings.map((listing) => listing.firm_id))];
    const firmQueries = [
      () => deliveryRecordsOf(manager, firmIds),
      () => activeMembershipsOf(manager, firmIds),
      () => supplierSiteFacts(manager, firmIds),
      () => supplierRatingsOf(manager, firmIds),
    ] as const;
    const [records, memberships, sites, ratings] = tx
      ? [await firmQueries[0](), await firmQueries[1](), await firmQueries[2](), await firmQueries[3]()]
      : await Promise.all([firmQueries[0](), firmQueries[1](), firmQueries[2](), firmQueries[3]()]);

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
      const record = records.get(listing.firm_id);
      return {
        listingId: listing.id,
        firmId: listing.firm_id,
        parkId: listing.park_id,
        groupIds: memberships.get(listing.firm_id) ?? [],
        processCode: listing.process_code,
        unitPriceFen: listing.unit_price_fen,
        minOrderQuantity: listing.min_order_quantity,
        days,
        onTimeRate: record?.onTimeRate ?? null,
        qualityRate: record?.qualityRate ?? null,
        ...offerQualifications(sites.get(listing.firm_id), ratings.get(listing.firm_id)),
      };
    });
    return { offers };
  }

  /**
   * The same offers with their firms' sites, certifications and ratings read now (two set-based statements): for
   * offers built elsewhere (the free-capacity snapshot keeps capacity only).
   */
  async qualify(loaded: LoadedCandidates, tx?: Tx): Promise<LoadedCandidates> {
    const manager = tx?.manager ?? this.unitOfWork.manager;
    const firmIds = [...new Set(loaded.offers.map((offer) => offer.firmId))];
    const sites = await supplierSiteFacts(manager, firmIds);
    const ratings = await supplierRatingsOf(manager, firmIds);
    return {
      offers: loaded.offers.map((offer) => ({
        ...offer,
        ...offerQualifications(sites.get(offer.firmId), ratings.get(offer.firmId)),
      })),
    };
  }

  /** The transport terms of this park (an order's preferred park), or the default ones when it names none. */
  async transportOf(parkId: string | null, tx?: Tx): Promise<TransportTerms> {
    if (!parkId) return transportTerms();
    const settings = (await parkTransportSettings(tx?.manager ?? this.unitOfWork.manager, [parkId])).get(parkId);
    return transportTerms(settings?.transportRatePerUnitKm);
  }

  /** The radius an order posted with this input would get (orders' rule): what a preview plans with. */
  radiusOf(input: PostOrderInput): Promise<string | null> {
    return statedOrDefaultRadius(this.unitOfWork.manager, input);
  }

  /** True when a stage's own ceiling leaves it no listing among those read, so the engines must see the rest. */
  private someStageWithoutCandidate(query: CandidateQuery, listings: FreeListingRow[]): boolean {
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
