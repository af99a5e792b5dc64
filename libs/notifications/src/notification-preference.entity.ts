import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotificationChannel } from './notification-catalogue';

/** A user's choice for one notification type and channel; without a row the catalogue's default applies. */
@Entity('notification_preferences')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  type: string;

  @PrimaryColumn({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
