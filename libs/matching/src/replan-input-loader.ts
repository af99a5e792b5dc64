import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@vg/core';
import { OrderStageEntity } from '@vg/orders';
import { In } from 'typeorm';
import { CapacityOffer, OrderDemand } from './engine';
import { slotKey, yuanToFen } from './candidate-loader';
import { toDemand } from './quote.service';
import { activeMembershipsSql, deliveryRecordsSql } from './firm-record.sql';

export interface ReplanInput {
  orders: OrderDemand[];
  offers: CapacityOffer[];
  slotIds: Map<string, string>;
  /** Units and cost (fen) of the open proposals the re-plan would replace: the "before". */
  before: { unitsProposed: number; costFen: number; ordersFullyProposed: number };
}

/**
 * SQL condition: order `alias` is one a re-plan of park `park` (an SQL expression) takes — open or planned, nothing
 * booked, and the park is its preferred one, one it already works with, or it has no park yet.
 */
export function replanScope(alias: string, park: string): string {
  return `${alias}.status IN ('OPEN', 'PLANNED')
          AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.order_id = ${alias}.id AND a.status = 'ACCEPTED')
          AND (${alias}.preferred_park_id = ${park}
               OR EXISTS (SELECT 1 FROM order_participants p WHERE p.order_id = ${alias}.id AND p.park_id = ${park})
               OR (${alias}.preferred_park_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM order_participants p WHERE p.order_id = ${alias}.id)))`;
}

/**
 * What a park's re-plan works on, in a handful of set-based queries: the open orders that reach the park (or
 * prefer it, or reach no park yet) and have nothing booked, and the park's free capacity not held by proposals of
 * other orders. Confirmed bookings are never part of it.
 */
@Injectable()
export class ReplanInputLoader {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async load(parkId: string): Promise<ReplanInput> {
    const manager = this.unitOfWork.manager;
    const orderRows: {
      id: string;
      quantity: number;
      earliest_start: string;
      due_date: string;
      preferred_park_id: string | null;
      preferred_group_id: string | null;
    }[] = await manager.query(
      `SELECT o.id, o.quantity, to_char(o.earliest_start, 'YYYY-MM-DD') AS earliest_start,
              to_char(o.due_date, 'YYYY-MM-DD') AS due_date, o.preferred_park_id, o.preferred_group_id
         FROM orders o
        WHERE ${replanScope('o', '$1')}
        ORDER BY o.id`,
      [parkId],
    );
    const orderIds = orderRows.map((row) => row.id);
    const stages = orderIds.length
      ? await manager.find(OrderStageEntity, {
          where: { orderId: In(orderIds) },
          order: { orderId: 'ASC', seq: 'ASC' },
        })
      : [];
    const orders = orderRows.map((row) =>
      toDemand(
        {
          id: row.id,
          quantity: row.quantity,
          earliestStart: row.earliest_start,
          dueDate: row.due_date,
          preferredParkId: row.preferred_park_id,
          preferredGroupId: row.preferred_group_id,
        },
        stages.filter((stage) => stage.orderId === row.id),
      ),
    );
    if (!orders.length)
      return {
        orders,
        offers: [],
        slotIds: new Map(),
        before: { unitsProposed: 0, costFen: 0, ordersFullyProposed: 0 },
      };

    const from = orders.reduce(
      (min, order) => (order.earliestStart < min ? order.earliestStart : min),
      orders[0].earliestStart,
    );
    const to = orders.reduce((max, order) => (order.dueDate > max ? order.dueDate : max), orders[0].dueDate);
    const processCodes = [...new Set(orders.flatMap((order) => order.route.map((stage) => stage.processCode)))];

    const [listings, slots, records, groups, classes, before] = await Promise.all([
      manager.query(
        `SELECT id, firm_id, park_id, process_code, unit_price, min_order_quantity FROM capacity_listings
          WHERE park_id = $1 AND status = 'ACTIVE' AND process_code = ANY($2) AND start_date <= $4 AND end_date >= $3`,
        [parkId, processCodes, from, to],
      ) as Promise<
        {
          id: string;
          firm_id: string;
          park_id: string;
          process_code: string;
          unit_price: string;
          min_order_quantity: number;
        }[]
      >,
      manager.query(
        `WITH held AS (
           SELECT d.slot_id, SUM(d.units) AS units
             FROM allocation_days d JOIN allocations a ON a.id = d.allocation_id
            WHERE a.status = 'PROPOSED' AND d.date BETWEEN $3 AND $4 AND NOT (a.order_id = ANY($5::uuid[]))
            GROUP BY d.slot_id)
         SELECT s.id, s.listing_id, to_char(s.date, 'YYYY-MM-DD') AS date,
                (s.capacity - s.booked - COALESCE(held.units, 0))::int AS free
           FROM capacity_slots s
           JOIN capacity_listings l ON l.id = s.listing_id AND l.status = 'ACTIVE'
           LEFT JOIN held ON held.slot_id = s.id
          WHERE s.park_id = $1 AND s.process_code = ANY($2) AND s.date BETWEEN $3 AND $4
            AND s.capacity - s.booked - COALESCE(held.units, 0) > 0
          ORDER BY s.listing_id, s.date`,
        [parkId, processCodes, from, to, orderIds],
      ) as Promise<{ id: string; listing_id: string; date: string; free: number }[]>,
      manager.query(deliveryRecordsSql('{firm} IN (SELECT id FROM firms WHERE park_id = $1)'), [parkId]) as Promise<
        { firm_id: string; on_time: string; quality: string | null }[]
      >,
      manager.query(activeMembershipsSql('{firm} IN (SELECT id FROM firms WHERE park_id = $1)'), [parkId]) as Promise<
        { firm_id: string; group_ids: string[] }[]
      >,
      this.latestClasses(parkId),
      manager.query(
        `SELECT COALESCE(SUM(a.units) FILTER (WHERE s.seq = last.seq), 0)::int AS units,
                COALESCE(SUM(a.cost * 100), 0)::bigint AS cost_fen
           FROM allocations a
           JOIN order_stages s ON s.id = a.stage_id
           JOIN LATERAL (SELECT MAX(seq) AS seq FROM order_stages WHERE order_id = a.order_id) last ON true
          WHERE a.status = 'PROPOSED' AND a.order_id = ANY($1::uuid[])`,
        [orderIds],
      ) as Promise<{ units: number; cost_fen: string }[]>,
    ]);
    const recordByFirm = new Map(records.map((row) => [row.firm_id, row]));
    const groupsByFirm = new Map(groups.map((row) => [row.firm_id, row.group_ids]));
    const slotIds = new Map<string, string>();
    const daysByListing = new Map<string, { date: string; free: number }[]>();
    for (const slot of slots) {
      slotIds.set(slotKey(slot.listing_id, slot.date), slot.id);
      const days = daysByListing.get(slot.listing_id) ?? [];
      days.push({ date: slot.date, free: slot.free });
      daysByListing.set(slot.listing_id, days);
    }
    const offers: CapacityOffer[] = listings.map((listing) => {
      const record = recordByFirm.get(listing.firm_id);
      return {
        listingId: listing.id,
        firmId: listing.firm_id,
        parkId: listing.park_id,
        groupIds: groupsByFirm.get(listing.firm_id) ?? [],
        processCode: listing.process_code,
        unitPriceFen: yuanToFen(listing.unit_price),
        minOrderQuantity: listing.min_order_quantity,
        days: daysByListing.get(listing.id) ?? [],
        onTimeRate: record ? Number(record.on_time) : null,
        qualityRate: record?.quality == null ? null : Number(record.quality),
        evaluationClass: classes.get(listing.firm_id) ?? null,
      };
    });
    const fullyProposed: { count: number }[] = await manager.query(
      `SELECT COUNT(*)::int AS count FROM orders o WHERE o.id = ANY($1::uuid[]) AND o.status = 'PLANNED'`,
      [orderIds],
    );
    return {
      orders,
      offers,
      slotIds,
      before: {
        unitsProposed: before[0].units,
        costFen: Number(before[0].cost_fen),
        ordersFullyProposed: fullyProposed[0].count,
      },
    };
  }

  /** Each firm's class in the park's latest published evaluation round (none before the first is published). */
  private async latestClasses(parkId: string): Promise<Map<string, CapacityOffer['evaluationClass']>> {
    const rows: { firm_id: string; class: CapacityOffer['evaluationClass'] }[] = await this.unitOfWork.manager.query(
      `WITH latest AS (
         SELECT id FROM evaluation_rounds WHERE park_id = $1 AND status = 'PUBLISHED'
          ORDER BY year DESC, version DESC LIMIT 1)
       SELECT firm_id, class FROM evaluation_results
        WHERE round_id IN (SELECT id FROM latest) AND class IN ('A', 'B', 'C', 'D')`,
      [parkId],
    );
    return new Map(rows.map((row) => [row.firm_id, row.class]));
  }
}
