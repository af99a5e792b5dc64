import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, Role, toModel } from '@vg/core';
import { InboxNotificationEntity } from '../inbox-notification.entity';
import { NotificationChannel, NotificationType } from '../notification-catalogue';
import { WebhookEndpointEntity } from '../webhook-endpoint.entity';

registerEnumType(NotificationChannel, { name: 'NotificationChannel', description: 'In-app inbox, email or webhook.' });
registerEnumType(NotificationType, { name: 'NotificationType', description: 'The events people are told of.' });

@ObjectType('Notification', { description: 'An item of your in-app inbox.' })
export class NotificationModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The event it tells of (the id webhooks and emails carry too).' })
  eventId: string;

  @Field(() => String)
  type: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { description: 'What it is about, e.g. the proposal or order id.' })
  subjectId: string;

  @Field(() => String, { description: 'The event’s details, JSON.' })
  payloadJson: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  readAt: Date | null;

  static from(entity: InboxNotificationEntity): NotificationModel {
    return toModel(NotificationModel, {
      id: entity.id,
      eventId: entity.eventId,
      type: entity.type,
      title: entity.title,
      subjectId: entity.subjectId,
      payloadJson: JSON.stringify(entity.payload),
      createdAt: new Date(entity.createdAt),
      readAt: entity.readAt ? new Date(entity.readAt) : null,
    });
  }
}

export const NotificationConnection = Connection(NotificationModel, 'Notification');

@ObjectType('NotificationPreference', { description: 'Whether one notification reaches you by one channel.' })
export class NotificationPreferenceModel {
  @Field(() => NotificationType)
  type: NotificationType;

  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Boolean, { description: 'True while you have not chosen: the default applies.' })
  isDefault: boolean;

  static from(preference: NotificationPreferenceModel): NotificationPreferenceModel {
    return toModel(NotificationPreferenceModel, {
      type: preference.type,
      channel: preference.channel,
      enabled: preference.enabled,
      isDefault: preference.isDefault,
    });
  }
}

@ObjectType('WebhookEndpoint', { description: 'An integrator’s endpoint, hearing its organisation’s events.' })
export class WebhookEndpointModel {
  @Field(() => ID)
  id: string;

  @Field(() => Role, { description: 'Whose events: PARK_ADMIN (a park), SME_OWNER (a firm), BUYER (a buyer).' })
  scope: Role;

  @Field(() => String)
  url: string;

  @Field(() => [String])
  eventTypes: string[];

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(entity: WebhookEndpointEntity): WebhookEndpointModel {
    return toModel(WebhookEndpointModel, {
      id: entity.id,
      scope: entity.role,
      url: entity.url,
      eventTypes: entity.eventTypes,
      createdAt: entity.createdAt,
    });
  }
}

@ObjectType('RegisteredWebhook', { description: 'A new endpoint and its signing secret, shown this once.' })
export class RegisteredWebhookModel {
  @Field(() => WebhookEndpointModel)
  endpoint: WebhookEndpointModel;

  @Field(() => String, {
    description: 'HMAC-SHA256 key: X-VG-Signature is sha256=hex(HMAC(secret, X-VG-Timestamp + "." + body)).',
  })
  secret: string;

  static from(entity: WebhookEndpointEntity): RegisteredWebhookModel {
    return toModel(RegisteredWebhookModel, { endpoint: WebhookEndpointModel.from(entity), secret: entity.secret });
  }
}
