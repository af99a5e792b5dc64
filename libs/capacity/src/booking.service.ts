import { Injectable } from '@nestjs/common';
import { metrics, Tx } from '@vg/core';

export interface SlotBooking {
  slotId: string;
  units: number;
}

/** Thrown inside a unit of work to roll it back; the caller turns it into the typed `InsufficientCapacity`. */
export class InsufficientCapacityError extends Error {
  constructor(
    readonly slotId: string,
    readonly requested: number,
    readonly available: number,
  ) {
    super(`Slot ${slotId}: ${requested} requested, ${available} free`);
    this.name = 'InsufficientCapacityError';
  }
}

/**
 * Books and releases capacity. Each slot is changed by a guarded update (`booked + n <= capacity`), slots in
 * ascending id order so concurrent bookings lock in the same order and cannot deadlock each other; the table's
 * CHECK is the last line. All slots of one call succeed or the whole transaction is rolled back.
 */
@Injectable()
export class BookingService {
  async book(tx: Tx, bookings: SlotBooking[]): Promise<void> {
    for (const booking of mergeAndSort(bookings)) {
      // Wrapped in a SELECT: for a bare UPDATE, TypeORM's query() answers `[rows, rowCount]`, never the rows.
      const updated: { id: string }[] = await tx.manager.query(
        `WITH updated AS (
           UPDATE capacity_slots SET booked = booked + $2 WHERE id = $1 AND booked + $2 <= capacity RETURNING id)
         SELECT id FROM updated`,
        [booking.slotId, booking.units],
      );
      if (!updated.length) {
        const [slot] = await tx.manager.query(`SELECT capacity - booked AS free FROM capacity_slots WHERE id = $1`, [
          booking.slotId,
        ]);
        metrics.bookingConflicts.inc({ context: 'capacity' });
        throw new InsufficientCapacityError(booking.slotId, booking.units, Number(slot?.free ?? 0));
      }
    }
  }

  async release(tx: Tx, bookings: SlotBooking[]): Promise<void> {
    for (const booking of mergeAndSort(bookings)) {
      await tx.manager.query(`UPDATE capacity_slots SET booked = booked - $2 WHERE id = $1`, [
        booking.slotId,
        booking.units,
      ]);
    }
  }
}

function mergeAndSort(bookings: SlotBooking[]): SlotBooking[] {
  const bySlot = new Map<string, number>();
  for (const { slotId, units } of bookings) {
    if (!Number.isInteger(units) || units <= 0) throw new Error(`Booking of ${units} units`);
    bySlot.set(slotId, (bySlot.get(slotId) ?? 0) + units);
  }
  return [...bySlot.entries()]
    .map(([slotId, units]) => ({ slotId, units }))
    .sort((a, b) => (BigInt(a.slotId) < BigInt(b.slotId) ? -1 : 1));
}
