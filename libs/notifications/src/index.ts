import { InboxNotificationEntity } from './inbox-notification.entity';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { ProposalReminderEntity } from './proposal-reminder.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export * from './notifications.module';
export { NotificationChannel, NotificationType, NOTIFICATIONS } from './notification-catalogue';
export { webhookSignature } from './channels/webhook.channel';

export const NOTIFICATIONS_ENTITIES = [
  InboxNotificationEntity,
  NotificationPreferenceEntity,
  WebhookEndpointEntity,
  NotificationDeliveryEntity,
  ProposalReminderEntity,
];
