import { Principal, Role } from '../auth/role';

/**
 * Something that happened, with the audience allowed to hear of it. Tenancy travels with the event, so a
 * subscription can filter without another query.
 */
export interface DomainEvent {
  type: string;
  /** Parks whose administrators may see it. */
  parkIds: string[];
  /** Firms whose owners may see it. */
  firmIds: string[];
  /** Buyer organisations that may see it. */
  buyerOrgIds: string[];
  /** The subject, e.g. the order id. */
  subjectId: string;
  /** Plain JSON without sensitive figures: events are broadcast. */
  payload: Record<string, unknown>;
  occurredAt: string;
  /** Assigned when the event is written to the outbox; receivers de-duplicate on it. */
  id?: string;
  /**
   * For the notification channels only (e.g. an invitation's token, mailed to one address): never fanned out to
   * subscribers, and erased from the outbox once relayed.
   */
  confidential?: Record<string, unknown>;
}

export function mayReceive(principal: Principal, event: DomainEvent): boolean {
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return true;
    case Role.PARK_ADMIN:
      return principal.parkId !== null && event.parkIds.includes(principal.parkId);
    case Role.SME_OWNER:
      return principal.firmId !== null && event.firmIds.includes(principal.firmId);
    case Role.BUYER:
      return principal.buyerOrgId !== null && event.buyerOrgIds.includes(principal.buyerOrgId);
  }
}
