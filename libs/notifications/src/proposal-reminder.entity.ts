import { DomainEvent } from '@vg/core';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * "Expires in 4 h", scheduled when a proposal is made and cancelled when it is answered, expired or superseded:
 * when due it becomes a PROPOSAL_EXPIRING event in the outbox, so it reaches people like any other event.
 */
@Entity('notification_reminders')
@Index('notification_reminders_due_idx', ['dueAt'], { where: 'sent_at IS NULL AND cancelled_at IS NULL' })
export class ProposalReminderEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** The event to raise when due. */
  @Column({ type: 'jsonb' })
  event: DomainEvent;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
