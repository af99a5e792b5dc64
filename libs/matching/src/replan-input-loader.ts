import { Injectable } from '@nestjs/common';
import { activeListingsOfPark, freeSlotsOfPark } from '@vg/capacity';
import { UnitOfWork } from '@vg/core';
import { latestPublishedClasses } from '@vg/evaluation';
import { supplierSiteFacts } from '@vg/firms';
import { activeMembershipsOf } from '@vg/groups';
import { OpenOrderRow, openOrdersReachingPark, OrdersService, OrderStageEntity, OrderStatus } from '@vg/orders';
import { parkTransportSettings } from '@vg/parks';
import { EntityManager } from 'typeorm';
import { slotKey, yuanToFen } from './candidate-loader';
import { deliveryRecordsOf } from './delivery-records';
import { CapacityOffer, OrderDemand } from './engine';
import { offerQualifications } from './offer-qualifications';
import { toDemand } from './quote.service';
import { transportTerms } from './transport-terms';
import { supplierRatingsOf } from './supplier-rating';

export interface ReplanInput {
  orders: OrderDemand[];
  offers: CapacityOffer[];
  slotIds: Map<string, string>;
  /** Units and cost (fen) of the open proposals the re-plan would replace: the "before". */
  before: { unitsProposed: number; costFen: number; ordersFullyProposed: number };
}

/**
 * The open orders a re-plan of the park takes: those reaching it (orders' rule) with nothing booked yet. Confirmed
 * bookings are never part of a re-plan.
 */
export async function ordersToReplan(manager: EntityManager, parkId: string): Promise<OpenOrderRow[]> {
  const open = await openOrdersReachingPark(manager, parkId);
  const booked = await ordersWithBookings(
    manager,
    open.map((order) => order.id),
  );
  return open.filter((order) => !booked.has(order.id));
}

/** Which of these orders have a proposal accepted (and so capacity booked). */
export async function ordersWithBookings(manager: EntityManager, orderIds: readonly string[]): Promise<Set<string>> {
  if (!orderIds.length) return new Set();
  const rows: { order_id: string }[] = await manager.query(
    `SELECT DISTINCT order_id FROM proposals WHERE status = 'ACCEPTED' AND order_id = ANY($1::uuid[])`,
    [orderIds],
  );
  return new Set(rows.map((row) => row.order_id));
}

/**
 * What a park's re-plan works on, in a handful of set-based queries: the open orders with their stages, and the
 * park's free capacity not held by open proposals of other orders, with each firm's record, rating, site,
 * certifications, groups and class; the orders carry the buyers' constraints and the park's transport terms.
 */
@Injectable()
export class ReplanInputLoader {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
  ) {}

  async load(parkId: string): Promise<ReplanInput> {
    const manager = this.unitOfWork.manager;
    const orderRows = await ordersToReplan(manager, parkId);
    const orderIds = orderRows.map((row) => row.id);
    const stagesByOrder = new Map<string, OrderStageEntity[]>();
    for (const stage of await this.orders.stagesOfOrders(null, orderIds)) {
      stagesByOrder.set(stage.orderId, [...(stagesByOrder.get(stage.orderId) ?? []), stage]);
    }
    // Every order is costed at the re-planned park's rate: its plan moves goods between this park's firms.
    const settings = (await parkTransportSettings(manager, [parkId])).get(parkId);
    const transport = transportTerms(settings?.transportRatePerUnitKm);
    const orders = orderRows.map((row) => toDemand(row, stagesByOrder.get(row.id) ?? [], transport));
    if (!orders.length) {
      return {
        orders,
        offers: [],
        slotIds: new Map(),
        before: { unitsProposed: 0, costFen: 0, ordersFullyProposed: 0 },
      };
    }
    const from = orders.reduce(
      (min, order) => (order.earliestStart < min ? order.earliestStart : min),
      orders[0].earliestStart,
    );
    const to = orders.reduce((max, order) => (order.dueDate > max ? order.dueDate : max), orders[0].dueDate);
    const processCodes = [...new Set(orders.flatMap((order) => order.route.map((stage) => stage.processCode)))];

    const [listings, slots, held, classes, before] = await Promise.all([
      activeListingsOfPark(manager, parkId, processCodes, from, to),
      freeSlotsOfPark(manager, parkId, processCodes, from, to),
      this.heldByOtherOrders(manager, from, to, orderIds),
      latestPublishedClasses(manager, parkId),
      this.openProposalsOf(manager, orders),
    ]);
    const firmIds = [...new Set(listings.map((listing) => listing.firm_id))];
    const [records, groups, sites, ratings] = await Promise.all([
      deliveryRecordsOf(manager, firmIds),
      activeMembershipsOf(manager, firmIds),
      supplierSiteFacts(manager, firmIds),
      supplierRatingsOf(manager, firmIds),
    ]);
    const slotIds = new Map<string, string>();
    const daysByListing = new Map<string, { date: string; free: number }[]>();
    for (const slot of slots) {
      const free = slot.free - (held.get(slot.id) ?? 0);
      if (free <= 0) continue;
      slotIds.set(slotKey(slot.listing_id, slot.date), slot.id);
      const days = daysByListing.get(slot.listing_id) ?? [];
      days.push({ date: slot.date, free });
      daysByListing.set(slot.listing_id, days);
    }
    const offers: CapacityOffer[] = listings.map((listing) => {
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
        evaluationClass: (classes.get(listing.firm_id) ?? null) as CapacityOffer['evaluationClass'],
        ...offerQualifications(sites.get(listing.firm_id), ratings.get(listing.firm_id)),
      };
    });
    return {
      orders,
      offers,
      slotIds,
      before: {
        ...before,
        ordersFullyProposed: orderRows.filter((row) => row.status === OrderStatus.PLANNED).length,
      },
    };
  }

  /** Units each slot has held by open proposals of orders other than these, on [from, to]. */
  private async heldByOtherOrders(
    manager: EntityManager,
    from: string,
    to: string,
    orderIds: string[],
  ): Promise<Map<string, number>> {
    const rows: { slot_id: string; units: number }[] = await manager.query(
      `SELECT d.slot_id, SUM(d.units)::int AS units
         FROM proposal_days d JOIN proposals p ON p.id = d.proposal_id
        WHERE p.status = 'PROPOSED' AND d.date BETWEEN $1 AND $2 AND NOT (p.order_id = ANY($3::uuid[]))
        GROUP BY d.slot_id`,
      [from, to, orderIds],
    );
    return new Map(rows.map((row) => [String(row.slot_id), row.units]));
  }

  /** Pieces through the whole route (last stage) and cost (fen) of the orders' open proposals. */
  private async openProposalsOf(
    manager: EntityManager,
    orders: OrderDemand[],
  ): Promise<{ unitsProposed: number; costFen: number }> {
    const rows: { order_id: string; stage_seq: number; units: number; cost_fen: string }[] = await manager.query(
      `SELECT order_id, stage_seq, SUM(units)::int AS units, SUM(cost * 100)::bigint AS cost_fen
         FROM proposals WHERE status = 'PROPOSED' AND order_id = ANY($1::uuid[])
        GROUP BY order_id, stage_seq`,
      [orders.map((order) => order.orderId)],
    );
    const lastSeq = new Map(orders.map((order) => [order.orderId, Math.max(...order.route.map((stage) => stage.seq))]));
    return {
      unitsProposed: rows
        .filter((row) => row.stage_seq === lastSeq.get(row.order_id))
        .reduce((sum, row) => sum + row.units, 0),
      costFen: rows.reduce((sum, row) => sum + Number(row.cost_fen), 0),
    };
  }
}
