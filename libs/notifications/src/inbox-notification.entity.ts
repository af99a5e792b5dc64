import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One item of a user's in-app inbox: at most one per user and event, however often the event is relayed. */
@Entity('notifications')
@Unique('notifications_user_event_key', ['userId', 'eventId'])
@Index('notifications_user_sequence_idx', ['userId', 'sequence'])
export class InboxNotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Newest first is by this order. */
  @Column({ type: 'bigint', generated: 'increment' })
  sequence: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId: string;

  /** The event's broadcast payload (never a confidential part). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
