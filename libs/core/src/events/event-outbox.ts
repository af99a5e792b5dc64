import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainEvent } from './domain-event';

/** An event as the relay hands it on: written to the outbox, so it has its id. */
export type RelayedEvent = DomainEvent & { id: string };

/**
 * Writes events to the outbox with the caller's transaction, in one statement: they exist exactly when the change
 * that raised them commits. Each event gets its id here, unless it already has one.
 */
export async function writeToOutbox(manager: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (!events.length) return;
  for (const event of events) event.id ??= randomUUID();
  await manager.query('INSERT INTO event_outbox (id, event) SELECT * FROM unnest($1::uuid[], $2::jsonb[])', [
    events.map((event) => event.id),
    events.map((event) => JSON.stringify(event)),
  ]);
}
