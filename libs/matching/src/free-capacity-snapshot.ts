import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DAY_PACK, ListingCalendarRow, listingCalendars, pruneCapacityChanges } from '@vg/capacity';
import { fromDayNumber, RowSource, todayInChina, toDayNumber } from '@vg/core';
import { activeMembershipsOf, pruneGroupMembershipChanges } from '@vg/groups';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { CandidateQuery, LoadedCandidates } from './candidate-loader';
import { DeliveryRecord, deliveryRecordsOf } from './delivery-records';
import { CapacityOffer } from './engine';
import { changesSince, heldUnits, pruneHoldChanges } from './hold-change-log';

/** Days either side of today the snapshot holds; a quote outside them reads the database. */
const REACH_DAYS = 400;
/** Log entries older than this are pruned; a snapshot that has not looked for half of it rebuilds instead. */
const CHANGE_LOG_KEEP_SECONDS = 600;
const PRUNE_EVERY_MS = 60_000;

interface SnapshotListing {
  id: string;
  firmId: string;
  parkId: string;
  processCode: string;
  unitPriceFen: number;
  minOrderQuantity: number;
  active: boolean;
  startDay: number;
  endDay: number;
  /** capacity − booked per day of the snapshot's reach (0 where the listing has no slot). */
  slotFree: Int32Array;
  /** Units held by open proposals per day, or null when none are. */
  held: Int32Array | null;
}

interface SnapshotState {
  /** Day number of the first day held. */
  firstDay: number;
  days: number;
  builtOn: string;
  listings: Map<string, SnapshotListing>;
  /** Listings by process code, in a stable order. */
  byProcess: Map<string, SnapshotListing[]>;
  records: Map<string, DeliveryRecord>;
  memberships: Map<string, string[]>;
  horizon: string;
  lastCheckedAt: number;
}

/**
 * This replica's copy of every listing's free capacity, which the quote reads instead of PostgreSQL.
 *
 * Kept exact by asking the database, not by hearing events: before each quote, one statement returns the listings
 * whose slots, listing or proposal holds changed, and the firms whose delivery records or group memberships changed,
 * in transactions since the last look (change logs written by triggers inside the changing transactions: see
 * `changesSince`), and only those are re-read. So a quote sees every change committed before it started, on any
 * replica, including changes whose events were lost; a change committed while it plans can cost a retry at
 * booking, which the database's guarded update makes safe, never an overbooking. Reads go through a pool of its
 * own, so a quote made inside a transaction (posting an order) never waits for a connection its own caller holds,
 * and sees only committed data.
 */
@Injectable()
export class FreeCapacitySnapshot implements OnModuleDestroy {
  private readonly logger = new Logger(FreeCapacitySnapshot.name);
  private readonly source: RowSource;
  private readonly pool: Pool;
  private state: SnapshotState | null = null;
  private refreshing: Promise<SnapshotState> | null = null;
  private queued: Promise<SnapshotState> | null = null;
  private lastPrunedAt = 0;

  constructor(dataSource: DataSource) {
    const options = dataSource.options as { url?: string; extra?: { statement_timeout?: number } };
    this.pool = new Pool({
      connectionString: options.url,
      max: 2,
      statement_timeout: options.extra?.statement_timeout,
    });
    this.pool.on('error', (error) => this.logger.warn(`snapshot connection lost: ${error.message}`));
    this.source = {
      query: async <Rows>(sql: string, params?: unknown[]) => (await this.pool.query(sql, params)).rows as Rows,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** The candidates the database path would load, or null when the window is beyond the snapshot's reach. */
  async load(query: CandidateQuery): Promise<LoadedCandidates | null> {
    const state = await this.current();
    const from = toDayNumber(query.from) - state.firstDay;
    const to = toDayNumber(query.to) - state.firstDay;
    if (from < 0 || to >= state.days) return null;
    const givenBack = query.exceptOrderId ? await this.heldByOrder(state, query.exceptOrderId, query) : null;
    return { offers: this.offers(state, query, from, to, givenBack) };
  }

  /** The snapshot as of now: every change committed before this call is in it. */
  private current(): Promise<SnapshotState> {
    if (!this.refreshing) {
      this.refreshing = this.refresh().finally(() => (this.refreshing = null));
      return this.refreshing;
    }
    // A refresh already running may have looked before our caller's latest commit: wait for the next one.
    this.queued ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.current();
      });
    return this.queued;
  }

  private async refresh(): Promise<SnapshotState> {
    const now = Date.now();
    const state = this.state;
    if (
      !state ||
      state.builtOn !== todayInChina() ||
      now - state.lastCheckedAt > (CHANGE_LOG_KEEP_SECONDS * 1000) / 2
    ) {
      this.state = await this.build();
      return this.state;
    }
    const changes = await changesSince(this.source, state.horizon);
    if (changes.listingIds.length) await this.reload(state, changes.listingIds);
    if (changes.recordFirmIds.length) {
      for (const [firmId, record] of await deliveryRecordsOf(this.source, changes.recordFirmIds)) {
        state.records.set(firmId, record);
      }
    }
    if (changes.membershipFirmIds.length) {
      const memberships = await activeMembershipsOf(this.source, changes.membershipFirmIds);
      for (const firmId of changes.membershipFirmIds) state.memberships.set(firmId, memberships.get(firmId) ?? []);
    }
    state.horizon = changes.horizon;
    state.lastCheckedAt = now;
    this.pruneNowAndThen(now);
    return state;
  }

  private async build(): Promise<SnapshotState> {
    const startedAt = Date.now();
    const today = todayInChina();
    const firstDay = toDayNumber(today) - REACH_DAYS;
    const days = 2 * REACH_DAYS + 1;
    const from = fromDayNumber(firstDay);
    const to = fromDayNumber(firstDay + days - 1);
    // Horizons first: whatever commits while the rest is read is seen again by the next refresh.
    const { horizon } = await changesSince(this.source, null);
    const [rows, held] = await Promise.all([
      listingCalendars(this.source, { from, to }),
      heldUnits(this.source, { from, to }),
    ]);
    const state: SnapshotState = {
      firstDay,
      days,
      builtOn: today,
      listings: new Map(),
      byProcess: new Map(),
      records: new Map(),
      memberships: new Map(),
      horizon,
      lastCheckedAt: startedAt,
    };
    for (const row of rows) this.put(state, this.toListing(state, row));
    this.applyHeld(
      state,
      held,
      rows.map((row) => row.id),
    );
    const firmIds = [...new Set(rows.map((row) => row.firm_id))];
    [state.records, state.memberships] = await Promise.all([
      deliveryRecordsOf(this.source, firmIds),
      activeMembershipsOf(this.source, firmIds),
    ]);
    this.logger.log(`free-capacity snapshot built: ${rows.length} listings in ${Date.now() - startedAt} ms`);
    return state;
  }

  private async reload(state: SnapshotState, listingIds: string[]): Promise<void> {
    const from = fromDayNumber(state.firstDay);
    const to = fromDayNumber(state.firstDay + state.days - 1);
    const [rows, held] = await Promise.all([
      listingCalendars(this.source, { from, to, listingIds }),
      heldUnits(this.source, { from, to, listingIds }),
    ]);
    const newFirms = rows.filter((row) => !state.listings.has(row.id)).map((row) => row.firm_id);
    for (const row of rows) this.put(state, this.toListing(state, row));
    this.applyHeld(state, held, listingIds);
    if (newFirms.length) {
      const [records, memberships] = await Promise.all([
        deliveryRecordsOf(this.source, newFirms),
        activeMembershipsOf(this.source, newFirms),
      ]);
      for (const [firmId, record] of records) state.records.set(firmId, record);
      for (const [firmId, groups] of memberships) state.memberships.set(firmId, groups);
    }
  }

  private toListing(state: SnapshotState, row: ListingCalendarRow): SnapshotListing {
    const slotFree = new Int32Array(state.days);
    for (const token of row.packed ? row.packed.split(',') : []) {
      const packed = Number(token);
      const offset = Math.floor(packed / DAY_PACK);
      slotFree[offset] = packed - offset * DAY_PACK;
    }
    return {
      id: row.id,
      firmId: row.firm_id,
      parkId: row.park_id,
      processCode: row.process_code,
      unitPriceFen: row.unit_price_fen,
      minOrderQuantity: row.min_order_quantity,
      active: row.active,
      startDay: toDayNumber(row.start_date),
      endDay: toDayNumber(row.end_date),
      slotFree,
      held: null,
    };
  }

  private put(state: SnapshotState, listing: SnapshotListing): void {
    const previous = state.listings.get(listing.id);
    state.listings.set(listing.id, listing);
    const ofProcess = state.byProcess.get(listing.processCode) ?? [];
    if (previous) {
      const at = ofProcess.findIndex((known) => known.id === listing.id);
      ofProcess[at] = listing;
    } else {
      ofProcess.push(listing);
    }
    state.byProcess.set(listing.processCode, ofProcess);
  }

  /** Replaces the held units of these listings with `rows` (listings without rows hold nothing). */
  private applyHeld(
    state: SnapshotState,
    rows: { listing_id: string; day: number; units: number }[],
    listingIds: string[],
  ): void {
    for (const id of listingIds) {
      const listing = state.listings.get(id);
      if (listing) listing.held = null;
    }
    for (const row of rows) {
      const listing = state.listings.get(row.listing_id);
      if (!listing) continue;
      listing.held ??= new Int32Array(state.days);
      listing.held[row.day] = row.units;
    }
  }

  /** Units the order's own open proposals hold, per listing and day offset: a re-quote may use them again. */
  private async heldByOrder(
    state: SnapshotState,
    orderId: string,
    query: CandidateQuery,
  ): Promise<Map<string, Map<number, number>>> {
    const rows = await heldUnits(this.source, {
      from: fromDayNumber(state.firstDay),
      to: query.to,
      orderId,
    });
    const byListing = new Map<string, Map<number, number>>();
    for (const row of rows) {
      const days = byListing.get(row.listing_id) ?? new Map<number, number>();
      days.set(row.day, row.units);
      byListing.set(row.listing_id, days);
    }
    return byListing;
  }

  /** The same offers, in the same shape, as `CandidateLoader.load` builds from the database. */
  private offers(
    state: SnapshotState,
    query: CandidateQuery,
    from: number,
    to: number,
    givenBack: Map<string, Map<number, number>> | null,
  ): CapacityOffer[] {
    const fromDay = state.firstDay + from;
    const toDay = state.firstDay + to;
    const excluded = new Set(query.excludedListingIds ?? []);
    const ceilingOf = (code: string) => {
      const ceilings = query.priceCeilingsFen?.[code];
      return ceilings?.length ? Math.max(...ceilings) : null;
    };
    const selected: { listing: SnapshotListing; withDays: boolean }[] = [];
    const pick = (aboveCeiling: boolean) => {
      for (const code of query.processCodes) {
        const ceiling = ceilingOf(code);
        for (const listing of state.byProcess.get(code) ?? []) {
          if (!listing.active || listing.startDay > toDay || listing.endDay < fromDay || excluded.has(listing.id))
            continue;
          const within = ceiling === null || listing.unitPriceFen <= ceiling;
          if (aboveCeiling ? ceiling !== null && !within : within) selected.push({ listing, withDays: !aboveCeiling });
        }
      }
    };
    pick(false);
    if (this.someStageWithoutCandidate(query, selected)) pick(true);
    return selected.map(({ listing, withDays }): CapacityOffer => {
      const days: CapacityOffer['days'] = [];
      if (withDays) {
        const back = givenBack?.get(listing.id);
        for (let offset = from; offset <= to; offset++) {
          const slotFree = listing.slotFree[offset];
          if (slotFree <= 0) continue;
          const free = slotFree - (listing.held?.[offset] ?? 0) + (back?.get(offset) ?? 0);
          if (free > 0) days.push({ date: fromDayNumber(state.firstDay + offset), free });
        }
      }
      const record = state.records.get(listing.firmId);
      return {
        listingId: listing.id,
        firmId: listing.firmId,
        parkId: listing.parkId,
        groupIds: state.memberships.get(listing.firmId) ?? [],
        processCode: listing.processCode,
        unitPriceFen: listing.unitPriceFen,
        minOrderQuantity: listing.minOrderQuantity,
        days,
        onTimeRate: record?.onTimeRate ?? null,
        qualityRate: record?.qualityRate ?? null,
      };
    });
  }

  private someStageWithoutCandidate(query: CandidateQuery, selected: { listing: SnapshotListing }[]): boolean {
    if (!query.priceCeilingsFen) return false;
    return query.processCodes.some((code) =>
      (query.priceCeilingsFen?.[code] ?? []).some(
        (ceiling) => !selected.some(({ listing }) => listing.processCode === code && listing.unitPriceFen <= ceiling),
      ),
    );
  }

  private pruneNowAndThen(now: number): void {
    if (now - this.lastPrunedAt < PRUNE_EVERY_MS) return;
    this.lastPrunedAt = now;
    Promise.all([
      pruneCapacityChanges(this.source, CHANGE_LOG_KEEP_SECONDS),
      pruneHoldChanges(this.source, CHANGE_LOG_KEEP_SECONDS),
      pruneGroupMembershipChanges(this.source, CHANGE_LOG_KEEP_SECONDS),
    ]).catch((error: Error) => this.logger.warn(`change logs not pruned: ${error.message}`));
  }
}
