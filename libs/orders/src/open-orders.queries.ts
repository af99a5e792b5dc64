import { EntityManager } from 'typeorm';
import { OrderStatus } from './order-status';

/** What a park's re-plan reads of an order still waiting for (or holding) an unbooked plan. */
export interface OpenOrderRow {
  id: string;
  status: OrderStatus;
  quantity: number;
  earliestStart: string;
  dueDate: string;
  preferredParkId: string | null;
  preferredGroupId: string | null;
  deliveryLatitude: string | null;
  deliveryLongitude: string | null;
  maxDistanceKm: string | null;
  minRating: string | null;
  excludedFirmIds: string[];
  preferredFirmIds: string[];
}

/**
 * SQL condition: order `o` is open (OPEN or PLANNED) and reaches park $1 — its preferred park, a park whose firms
 * its proposals reached, or any park while it has neither.
 */
const OPEN_AND_REACHING_PARK = `o.status IN ('OPEN', 'PLANNED')
  AND (o.preferred_park_id = $1
       OR EXISTS (SELECT 1 FROM order_participants p WHERE p.order_id = o.id AND p.park_id = $1)
       OR (o.preferred_park_id IS NULL AND NOT EXISTS (SELECT 1 FROM order_participants p WHERE p.order_id = o.id)))`;

/** The open orders reaching a park, in id order: what a re-plan of that park may take. */
export function openOrdersReachingPark(manager: EntityManager, parkId: string): Promise<OpenOrderRow[]> {
  return manager.query(
    `SELECT o.id, o.status, o.quantity, to_char(o.earliest_start, 'YYYY-MM-DD') AS "earliestStart",
            to_char(o.due_date, 'YYYY-MM-DD') AS "dueDate", o.preferred_park_id AS "preferredParkId",
            o.preferred_group_id AS "preferredGroupId", o.delivery_latitude::text AS "deliveryLatitude",
            o.delivery_longitude::text AS "deliveryLongitude", o.max_distance_km::text AS "maxDistanceKm",
            o.min_rating::text AS "minRating", o.excluded_firm_ids::text[] AS "excludedFirmIds",
            o.preferred_firm_ids::text[] AS "preferredFirmIds"
       FROM orders o
      WHERE ${OPEN_AND_REACHING_PARK}
      ORDER BY o.id`,
    [parkId],
  );
}

/**
 * Every open order with the parks it reaches (its preferred park and its participants' parks); an empty list
 * means it reaches no park yet, so every park's re-plan may take it.
 */
export function openOrderReach(manager: EntityManager): Promise<{ id: string; parkIds: string[] }[]> {
  return manager.query(
    `SELECT o.id,
            ARRAY(SELECT o.preferred_park_id WHERE o.preferred_park_id IS NOT NULL
                  UNION SELECT p.park_id FROM order_participants p WHERE p.order_id = o.id)::text[] AS "parkIds"
       FROM orders o
      WHERE o.status IN ('OPEN', 'PLANNED')
      ORDER BY o.id`,
  );
}

/** The orders posted to a group (it is their preferred group). */
export async function orderIdsPreferringGroup(manager: EntityManager, groupId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query('SELECT id FROM orders WHERE preferred_group_id = $1', [groupId]);
  return rows.map((row) => row.id);
}
