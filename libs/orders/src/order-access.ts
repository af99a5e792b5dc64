import { Audience, Principal, readAudience, Resource } from '@vg/core';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The orders an audience reaches, as a predicate on an orders query: a buyer organisation's own orders, the orders
 * that reached a park's or a firm's proposals (their participants), or all. Any other reach sees none.
 */
export function restrictToOrderAudience<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, audience: Audience) {
  const alias = query.alias;
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'BUYER':
      return query.andWhere(`${alias}.buyer_org_id = :scopeBuyer`, { scopeBuyer: audience.buyerOrgId });
    case 'PARK':
      return query.andWhere(
        `EXISTS (SELECT 1 FROM order_participants op WHERE op.order_id = ${alias}.id AND op.park_id = :scopePark)`,
        { scopePark: audience.parkId },
      );
    case 'FIRM':
      return query.andWhere(
        `EXISTS (SELECT 1 FROM order_participants op WHERE op.order_id = ${alias}.id AND op.firm_id = :scopeFirm)`,
        { scopeFirm: audience.firmId },
      );
    default:
      return query.andWhere('false');
  }
}

/** The orders the caller may read. */
export function restrictToVisibleOrders<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, principal: Principal) {
  return restrictToOrderAudience(query, readAudience(principal, Resource.ORDER));
}
