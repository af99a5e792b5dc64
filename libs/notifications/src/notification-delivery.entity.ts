import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NotificationChannel } from './notification-catalogue';

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

/**
 * One message to send by email or webhook: at most one per event, channel and recipient (the de-duplication), sent
 * at least once by the dispatcher, retried with back-off. The event id goes with every send so receivers can drop
 * a repeat (an email's Message-ID, a webhook's `X-VG-Event-Id`).
 */
@Entity('notification_deliveries')
@Unique('notification_deliveries_event_channel_recipient_key', ['eventId', 'channel', 'recipient'])
@Index('notification_deliveries_due_idx', ['nextAttemptAt'], { where: "status = 'PENDING'" })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  /** A user id, a webhook endpoint id, or (an invitation) the invited address. */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  /** An email address or a webhook URL. */
  @Column({ type: 'varchar', length: 2000 })
  address: string;

  /** Email: subject and text; webhook: the exact body sent. Cleared of secrets once delivered. */
  @Column({ type: 'jsonb' })
  message: Record<string, string>;

  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'notification_delivery_status', default: 'PENDING' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
