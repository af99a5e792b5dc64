import { DomainEvent } from '@vg/core';
import { OrderEntity } from './order.entity';

/**
 * An event about an order (or one of its proposals), heard by the buyer and by the parks and firms named. The
 * payload carries the order's id and status, so every subscriber can place it.
 */
export function orderEvent(
  type: string,
  order: Pick<OrderEntity, 'id' | 'buyerOrgId' | 'status'>,
  audience: { parkIds?: string[]; firmIds?: string[] },
  payload: Record<string, unknown> = {},
  subjectId = order.id,
): DomainEvent {
  return {
    type,
    subjectId,
    parkIds: audience.parkIds ?? [],
    firmIds: audience.firmIds ?? [],
    buyerOrgIds: [order.buyerOrgId],
    payload: { orderId: order.id, status: order.status, ...payload },
    occurredAt: new Date().toISOString(),
  };
}
