import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, mayReceive, OutboxConsumer, OutboxRelay, RelayedEvent } from '@vg/core';
import { usersInAudience } from '@vg/identity';
import { PubSubEngine } from 'graphql-subscriptions';
import { EntityManager } from 'typeorm';
import { PUB_SUB } from '@vg/core';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { composeEmail, invitationEmail } from './channels/email-content';
import { webhookBody } from './channels/webhook.channel';
import { InboxNotificationEntity } from './inbox-notification.entity';
import { NotificationChannel, NotificationType, PROPOSAL_REMINDER_BEFORE_MS, specOf } from './notification-catalogue';

export const INBOX_CHANNEL = 'vg.inbox';

/** Answers to a proposal that make its reminder pointless. */
const PROPOSAL_SETTLED = ['PROPOSAL_ACCEPTED', 'PROPOSAL_DECLINED', 'PROPOSAL_EXPIRED', 'PROPOSAL_SUPERSEDED'];

/** What the inbox subscription pushes: the new item and whose it is. */
export interface InboxPush {
  userId: string;
  notification: InboxNotificationEntity;
}

/**
 * Turns each relayed event into what it means for people, inside the relay's transaction: inbox items, email and
 * webhook deliveries (each unique per event and recipient, so a second relay of the same event adds nothing), and
 * a proposal's reminder. Sending happens later, in the dispatcher.
 */
@Injectable()
export class NotificationRouter implements OutboxConsumer, OnModuleInit {
  readonly name = 'notifications';

  constructor(
    private readonly relay: OutboxRelay,
    private readonly dispatcher: DeliveryDispatcher,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.relay.register(this);
  }

  async consume(manager: EntityManager, event: RelayedEvent): Promise<() => void> {
    await this.scheduleReminders(manager, event);
    const added = event.type === NotificationType.INVITATION_SENT ? [] : await this.toPeople(manager, event);
    if (event.type === NotificationType.INVITATION_SENT) await this.invitation(manager, event);
    await this.toWebhooks(manager, event);
    return () => {
      for (const notification of added) {
        void this.pubSub.publish(INBOX_CHANNEL, { userId: notification.userId, notification } satisfies InboxPush);
      }
      this.dispatcher.wake();
    };
  }

  private async toPeople(manager: EntityManager, event: RelayedEvent): Promise<InboxNotificationEntity[]> {
    const spec = specOf(event.type);
    if (!spec) return [];
    const users = await usersInAudience(manager, spec.audience(event));
    if (!users.length) return [];
    const enabled = await this.enabledChannels(
      manager,
      event.type,
      users.map((user) => user.id),
      spec.defaultChannels,
    );
    const title = spec.title(event);
    const inboxUsers = users.filter((user) => enabled.get(user.id)?.has(NotificationChannel.INBOX));
    const added: InboxNotificationEntity[] = inboxUsers.length
      ? await manager.query(
          `INSERT INTO notifications (user_id, event_id, type, title, subject_id, payload)
           SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6
           ON CONFLICT ON CONSTRAINT notifications_user_event_key DO NOTHING
           RETURNING id, sequence, user_id AS "userId", event_id AS "eventId", type, title, subject_id AS "subjectId",
                     payload, created_at AS "createdAt", read_at AS "readAt"`,
          [inboxUsers.map((user) => user.id), event.id, event.type, title, event.subjectId, event.payload],
        )
      : [];
    if (this.config.smtpUrl) {
      const emailUsers = users.filter((user) => enabled.get(user.id)?.has(NotificationChannel.EMAIL));
      await this.addDeliveries(
        manager,
        event,
        NotificationChannel.EMAIL,
        emailUsers.map((user) => ({
          recipient: user.id,
          address: user.email,
          message: composeEmail(event, title, user.displayName),
        })),
      );
    }
    return added;
  }

  /** Each user's channels for this type: their choices over the catalogue's defaults. */
  private async enabledChannels(
    manager: EntityManager,
    type: string,
    userIds: string[],
    defaults: NotificationChannel[],
  ): Promise<Map<string, Set<NotificationChannel>>> {
    const choices: { user_id: string; channel: NotificationChannel; enabled: boolean }[] = await manager.query(
      'SELECT user_id, channel, enabled FROM notification_preferences WHERE type = $1 AND user_id = ANY($2::uuid[])',
      [type, userIds],
    );
    const channels = new Map(userIds.map((id) => [id, new Set(defaults)]));
    for (const choice of choices) {
      if (choice.enabled) channels.get(choice.user_id)?.add(choice.channel);
      else channels.get(choice.user_id)?.delete(choice.channel);
    }
    return channels;
  }

  /** An invitation goes by email to the invited address only (it carries the token); without SMTP it is not sent. */
  private async invitation(manager: EntityManager, event: RelayedEvent): Promise<void> {
    const email = event.confidential?.email;
    const token = event.confidential?.token;
    if (!this.config.smtpUrl || typeof email !== 'string' || typeof token !== 'string') return;
    await this.addDeliveries(manager, event, NotificationChannel.EMAIL, [
      { recipient: email, address: email, message: invitationEmail(event, token) },
    ]);
  }

  private async toWebhooks(manager: EntityManager, event: RelayedEvent): Promise<void> {
    const endpoints: {
      id: string;
      role: RelayedEvent['type'];
      park_id: string | null;
      firm_id: string | null;
      buyer_org_id: string | null;
      url: string;
    }[] = await manager.query(
      `SELECT id, role, park_id, firm_id, buyer_org_id, url FROM webhook_endpoints
        WHERE disabled_at IS NULL AND $1 = ANY(event_types)`,
      [event.type],
    );
    const body = webhookBody(event);
    await this.addDeliveries(
      manager,
      event,
      NotificationChannel.WEBHOOK,
      endpoints
        .filter((endpoint) =>
          mayReceive(
            {
              userId: endpoint.id,
              role: endpoint.role as never,
              parkId: endpoint.park_id,
              firmId: endpoint.firm_id,
              buyerOrgId: endpoint.buyer_org_id,
            },
            event,
          ),
        )
        .map((endpoint) => ({ recipient: endpoint.id, address: endpoint.url, message: { body } })),
    );
  }

  private async addDeliveries(
    manager: EntityManager,
    event: RelayedEvent,
    channel: NotificationChannel,
    deliveries: { recipient: string; address: string; message: Record<string, string> }[],
  ): Promise<void> {
    if (!deliveries.length) return;
    await manager.query(
      `INSERT INTO notification_deliveries (event_id, type, channel, recipient, address, message)
       SELECT $1, $2, $3, d.recipient, d.address, d.message
         FROM unnest($4::text[], $5::text[], $6::jsonb[]) AS d(recipient, address, message)
       ON CONFLICT ON CONSTRAINT notification_deliveries_event_channel_recipient_key DO NOTHING`,
      [
        event.id,
        event.type,
        channel,
        deliveries.map((delivery) => delivery.recipient),
        deliveries.map((delivery) => delivery.address),
        deliveries.map((delivery) => JSON.stringify(delivery.message)),
      ],
    );
  }

  /** A new proposal gets its "expires in 4 h" reminder; an answered, expired or superseded one loses it. */
  private async scheduleReminders(manager: EntityManager, event: RelayedEvent): Promise<void> {
    const proposalId = event.payload.proposalId;
    if (typeof proposalId !== 'string') return;
    if (event.type === NotificationType.PROPOSAL_MADE && typeof event.payload.expiresAt === 'string') {
      const expiresAt = new Date(event.payload.expiresAt);
      const reminder = {
        type: NotificationType.PROPOSAL_EXPIRING,
        subjectId: event.subjectId,
        parkIds: event.parkIds,
        firmIds: event.firmIds,
        buyerOrgIds: event.buyerOrgIds,
        payload: { orderId: event.payload.orderId, proposalId, expiresAt: event.payload.expiresAt },
        occurredAt: event.occurredAt,
      };
      await manager.query(
        `INSERT INTO notification_reminders (proposal_id, due_at, event) VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id) DO NOTHING`,
        [proposalId, new Date(expiresAt.getTime() - PROPOSAL_REMINDER_BEFORE_MS), reminder],
      );
    } else if (PROPOSAL_SETTLED.includes(event.type)) {
      await manager.query(
        `UPDATE notification_reminders SET cancelled_at = now()
          WHERE proposal_id = $1 AND sent_at IS NULL AND cancelled_at IS NULL`,
        [proposalId],
      );
    }
  }
}
