import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DomainEvent } from './domain-event';

/**
 * The transactional outbox: every event a unit of work publishes is a row written in the same transaction as the
 * change, so a rolled-back change leaves none and a committed one survives a crash until the relay has handed it
 * to subscribers and to the notification consumers.
 */
@Entity('event_outbox')
@Index('event_outbox_pending_idx', ['sequence'], { where: 'relayed_at IS NULL' })
export class EventOutboxEntity {
  /** The event's id: receivers de-duplicate on it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Commit-ish order of events: the relay hands them on in this order. */
  @Column({ type: 'bigint', generated: 'increment' })
  sequence: string;

  @Column({ type: 'jsonb' })
  event: DomainEvent;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Set once every consumer has taken the event (or given up on it: see `failedAt`). */
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** A consumer failed on it OUTBOX_MAX_ATTEMPTS times: kept for inspection, not retried. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
