import { AppError, ErrorCode } from '@vg/core';

/** An order's life, as an explicit state machine: every change goes through `assertTransition`. */
export enum OrderStatus {
  /** Posted; no complete plan yet (the quote fell short, or a lost proposal is being re-quoted). */
  OPEN = 'OPEN',
  /** A complete plan exists; proposals are out to firms. */
  PLANNED = 'PLANNED',
  /** Every stage is fully booked. */
  CONFIRMED = 'CONFIRMED',
  IN_PRODUCTION = 'IN_PRODUCTION',
  DELIVERED = 'DELIVERED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  [OrderStatus.OPEN]: [OrderStatus.PLANNED, OrderStatus.CANCELLED],
  [OrderStatus.PLANNED]: [OrderStatus.OPEN, OrderStatus.CONFIRMED, OrderStatus.CANCELLED],
  [OrderStatus.CONFIRMED]: [OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED],
  [OrderStatus.IN_PRODUCTION]: [OrderStatus.DELIVERED],
  [OrderStatus.DELIVERED]: [OrderStatus.CLOSED],
  [OrderStatus.CLOSED]: [],
  [OrderStatus.CANCELLED]: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** A typed error: the client gets CONFLICT with the two states named. */
export class IllegalTransitionError extends AppError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(ErrorCode.CONFLICT, `An order cannot go from ${from} to ${to}`, 'status');
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export const ORDER_TRANSITIONS = ALLOWED;
