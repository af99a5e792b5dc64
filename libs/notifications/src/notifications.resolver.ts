import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentUser, encodeCursor, IdArg, PageArgs, Principal, PUB_SUB, Role, Roles } from '@vg/core';
import { PubSubEngine } from 'graphql-subscriptions';
import { RegisterWebhookInput, SetNotificationPreferenceInput } from './dto/notification.inputs';
import {
  NotificationConnection,
  NotificationModel,
  NotificationPreferenceModel,
  RegisteredWebhookModel,
  WebhookEndpointModel,
} from './dto/notification.models';
import { InboxService } from './inbox.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { INBOX_CHANNEL, InboxPush } from './notification-router';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const EVERY_USER = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER];
/** Those who keep an organisation's webhooks. */
const ORGANISATION_ADMINS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER];

interface SubscriptionContext {
  req: { user: Principal };
}

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly inbox: InboxService,
    private readonly preferences: NotificationPreferencesService,
    private readonly webhookEndpoints: WebhookEndpointsService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Roles(...EVERY_USER)
  @Query(() => NotificationConnection, { description: 'Your inbox, newest first.' })
  async notifications(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('unreadOnly', { type: () => Boolean, defaultValue: false }) unreadOnly: boolean,
  ) {
    const result = await this.inbox.list(principal, page, unreadOnly);
    return {
      edges: result.nodes.map((node) => ({ cursor: encodeCursor(node.sequence), node: NotificationModel.from(node) })),
      nodes: result.nodes.map((node) => NotificationModel.from(node)),
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: result.endCursor },
      totalCount: result.totalCount,
    };
  }

  @Roles(...EVERY_USER)
  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@CurrentUser() principal: Principal): Promise<number> {
    return this.inbox.unreadCount(principal);
  }

  @Roles(...EVERY_USER)
  @Mutation(() => NotificationModel, { description: 'Mark one of your notifications read.' })
  async markNotificationRead(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<NotificationModel> {
    return NotificationModel.from(await this.inbox.markRead(principal, id));
  }

  @Roles(...EVERY_USER)
  @Mutation(() => Int, { description: 'Mark all your notifications read; returns how many were unread.' })
  markAllNotificationsRead(@CurrentUser() principal: Principal): Promise<number> {
    return this.inbox.markAllRead(principal);
  }

  @Roles(...EVERY_USER)
  @Subscription(() => NotificationModel, {
    description: 'Your new inbox items, as they arrive.',
    filter: (push: InboxPush, _args: unknown, context: SubscriptionContext) => push.userId === context.req.user.userId,
    resolve: (push: InboxPush) => NotificationModel.from(push.notification),
  })
  notificationReceived() {
    return this.pubSub.asyncIterableIterator<InboxPush>(INBOX_CHANNEL);
  }

  @Roles(...EVERY_USER)
  @Query(() => [NotificationPreferenceModel], {
    description: 'Which notifications reach you in the inbox and by email (your choice, or the default).',
  })
  async notificationPreferences(@CurrentUser() principal: Principal): Promise<NotificationPreferenceModel[]> {
    return (await this.preferences.list(principal)).map(NotificationPreferenceModel.from);
  }

  @Roles(...EVERY_USER)
  @Mutation(() => NotificationPreferenceModel, {
    description: 'Choose whether a notification reaches you by a channel.',
  })
  async setNotificationPreference(
    @CurrentUser() principal: Principal,
    @Args('input') input: SetNotificationPreferenceInput,
  ): Promise<NotificationPreferenceModel> {
    return NotificationPreferenceModel.from(
      await this.preferences.set(principal, input.type, input.channel, input.enabled),
    );
  }

  @Roles(...ORGANISATION_ADMINS)
  @Query(() => [WebhookEndpointModel], { description: 'Your organisation’s webhooks (at most 20).' })
  async webhooks(@CurrentUser() principal: Principal): Promise<WebhookEndpointModel[]> {
    return (await this.webhookEndpoints.list(principal)).map(WebhookEndpointModel.from);
  }

  @Roles(...ORGANISATION_ADMINS)
  @Mutation(() => RegisteredWebhookModel, {
    description: 'Register a webhook for the events your organisation may see; its secret is shown this once.',
  })
  async registerWebhook(
    @CurrentUser() principal: Principal,
    @Args('input') input: RegisterWebhookInput,
  ): Promise<RegisteredWebhookModel> {
    return RegisteredWebhookModel.from(await this.webhookEndpoints.register(principal, input.url, input.eventTypes));
  }

  @Roles(...ORGANISATION_ADMINS)
  @Mutation(() => String, { description: 'Stop a webhook; returns its id.' })
  removeWebhook(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<string> {
    return this.webhookEndpoints.remove(principal, id);
  }
}
