import { Module } from '@nestjs/common';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { InboxService } from './inbox.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationRouter } from './notification-router';
import { NotificationsResolver } from './notifications.resolver';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/**
 * People and systems told of what happened: every outbox event goes through the router (inbox items, email and
 * webhook deliveries), then the dispatcher sends.
 */
@Module({
  providers: [
    EmailChannel,
    WebhookChannel,
    DeliveryDispatcher,
    NotificationRouter,
    InboxService,
    NotificationPreferencesService,
    WebhookEndpointsService,
    NotificationsResolver,
  ],
})
export class NotificationsModule {}
