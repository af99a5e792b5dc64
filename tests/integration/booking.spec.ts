/**
 * `BookingService.book` through a real `UnitOfWork` on real PostgreSQL: a booking split over several firms is one
 * transaction, so a firm at the end that lacks capacity leaves nothing booked on the firms before it.
 */
import { BookingService, InsufficientCapacityError } from '@vg/capacity';
import { DomainEvent, EventBus, UnitOfWork } from '@vg/core';
import { PubSub } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { createTestDatabase } from '../setup/test-database';
import { IDS, seedBase } from '../support/seed';

const DAY = '2027-04-01';

describe('BookingService.book inside a unit of work', () => {
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  const booking = new BookingService();
  const published: DomainEvent[] = [];
  /** One slot on DAY for each of the three seeded firms, in firm order A1, A2, B1. */
  let slots: { id: string; firmId: string; capacity: number }[];

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await createTestDatabase()));
    await dataSource.initialize();
    await seedBase(dataSource);
    const pubSub = new PubSub();
    await pubSub.subscribe('vg.domain-events', (event: DomainEvent) => published.push(event));
    unitOfWork = new UnitOfWork(dataSource, new EventBus(pubSub));
    const firms = [
      { firmId: IDS.firmA1, parkId: IDS.parkA, processCode: 'SEWING', capacity: 100 },
      { firmId: IDS.firmA2, parkId: IDS.parkA, processCode: 'CUTTING', capacity: 100 },
      { firmId: IDS.firmB1, parkId: IDS.parkB, processCode: 'SEWING', capacity: 30 },
    ];
    slots = [];
    for (const firm of firms) {
      const [listing] = await dataSource.query(
        `INSERT INTO capacity_listings (park_id, firm_id, process_code, units_per_day, start_date, end_date, unit_price,
                                        min_order_quantity)
         VALUES ($1, $2, $3, $4, $5, $5, '10.00', 1) RETURNING id`,
        [firm.parkId, firm.firmId, firm.processCode, firm.capacity, DAY],
      );
      const [slot] = await dataSource.query(
        `INSERT INTO capacity_slots (listing_id, park_id, firm_id, process_code, date, capacity, booked)
         VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id`,
        [listing.id, firm.parkId, firm.firmId, firm.processCode, DAY, firm.capacity],
      );
      slots.push({ id: String(slot.id), firmId: firm.firmId, capacity: firm.capacity });
    }
  });
  afterAll(() => dataSource.destroy());

  async function bookedBySlot(): Promise<Record<string, number>> {
    const rows: { id: string; booked: number }[] = await dataSource.query(
      `SELECT id::text AS id, booked FROM capacity_slots WHERE id = ANY($1::bigint[])`,
      [slots.map((slot) => slot.id)],
    );
    return Object.fromEntries(rows.map((row) => [row.id, row.booked]));
  }

  it('books all slots of three firms in one transaction', async () => {
    await unitOfWork.run((tx) =>
      booking.book(tx, [
        { slotId: slots[0].id, units: 10 },
        { slotId: slots[1].id, units: 20 },
        { slotId: slots[2].id, units: 5 },
      ]),
    );
    expect(await bookedBySlot()).toEqual({ [slots[0].id]: 10, [slots[1].id]: 20, [slots[2].id]: 5 });
  });

  it('a split booking that fails on its last firm leaves nothing booked on the others', async () => {
    const before = await bookedBySlot();
    const attempt = unitOfWork.run(async (tx) => {
      tx.publishAfterCommit({
        type: 'PROBE',
        subjectId: 'probe',
        parkIds: [],
        firmIds: [],
        buyerOrgIds: [],
        payload: {},
        occurredAt: new Date().toISOString(),
      });
      // B1's slot has 25 free; the first two firms are booked first (ascending slot id) and must be undone.
      await booking.book(tx, [
        { slotId: slots[0].id, units: 50 },
        { slotId: slots[1].id, units: 50 },
        { slotId: slots[2].id, units: 26 },
      ]);
    });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientCapacityError);
    await expect(attempt).rejects.toMatchObject({ slotId: slots[2].id, requested: 26, available: 25 });
    expect(await bookedBySlot()).toEqual(before);
    expect(published.filter((event) => event.type === 'PROBE')).toEqual([]);
  });

  it('merges repeated slots of one call before checking them', async () => {
    const before = await bookedBySlot();
    const attempt = unitOfWork.run((tx) =>
      booking.book(tx, [
        { slotId: slots[2].id, units: 20 },
        { slotId: slots[0].id, units: 1 },
        { slotId: slots[2].id, units: 6 },
      ]),
    );
    await expect(attempt).rejects.toMatchObject({ slotId: slots[2].id, requested: 26, available: 25 });
    expect(await bookedBySlot()).toEqual(before);
  });

  it('releases what it booked', async () => {
    const before = await bookedBySlot();
    await unitOfWork.run((tx) => booking.release(tx, [{ slotId: slots[1].id, units: 20 }]));
    expect((await bookedBySlot())[slots[1].id]).toBe(before[slots[1].id] - 20);
  });
});
