import { DomainEvent } from '@vg/core';
import { UserAudience } from '@vg/identity';

/** Where a notification can reach a person or a system. */
export enum NotificationChannel {
  INBOX = 'INBOX',
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}

/** The events people are told of; every other event still reaches subscriptions and webhooks that ask for it. */
export enum NotificationType {
  PROPOSAL_MADE = 'PROPOSAL_MADE',
  PROPOSAL_EXPIRING = 'PROPOSAL_EXPIRING',
  PROPOSAL_ACCEPTED = 'PROPOSAL_ACCEPTED',
  ORDER_CONFIRMED = 'ORDER_CONFIRMED',
  ORDER_DELIVERED = 'ORDER_DELIVERED',
  INVITATION_SENT = 'INVITATION_SENT',
  ROUND_NOTICE_OPENED = 'ROUND_NOTICE_OPENED',
  OBJECTION_DECIDED = 'OBJECTION_DECIDED',
  ROUND_PUBLISHED = 'ROUND_PUBLISHED',
}

/** A proposal's owner is reminded this long before its answer time runs out. */
export const PROPOSAL_REMINDER_BEFORE_MS = 4 * 3_600_000;

export interface NotificationSpec {
  /** Who among the event's audience is told. */
  audience(event: DomainEvent): UserAudience;
  title(event: DomainEvent): string;
  /** Channels a user gets it by until they choose otherwise. */
  defaultChannels: NotificationChannel[];
}

const INBOX_AND_EMAIL = [NotificationChannel.INBOX, NotificationChannel.EMAIL];
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');

/**
 * Every notification a person can get, whom it reaches and how it reads. The invitation is not here: it goes by
 * email to an address that has no account yet (see `NotificationRouter`).
 */
export const NOTIFICATIONS: Record<Exclude<NotificationType, NotificationType.INVITATION_SENT>, NotificationSpec> = {
  [NotificationType.PROPOSAL_MADE]: {
    audience: (event) => ({ ownersOfFirms: event.firmIds }),
    title: (event) =>
      `New proposal: ${text(event.payload.units)} units for stage ${text(event.payload.stageSeq)}, ` +
      `answer by ${text(event.payload.expiresAt)}`,
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.PROPOSAL_EXPIRING]: {
    audience: (event) => ({ ownersOfFirms: event.firmIds }),
    title: (event) => `A proposal expires at ${text(event.payload.expiresAt)}: accept or decline it now`,
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.PROPOSAL_ACCEPTED]: {
    audience: (event) => ({ buyersOfOrgs: event.buyerOrgIds }),
    title: (event) => `A firm accepted ${text(event.payload.units)} units of stage ${text(event.payload.stageSeq)}`,
    defaultChannels: [NotificationChannel.INBOX],
  },
  [NotificationType.ORDER_CONFIRMED]: {
    audience: (event) => ({ buyersOfOrgs: event.buyerOrgIds, ownersOfFirms: event.firmIds }),
    title: () => 'Order confirmed: every stage is booked',
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.ORDER_DELIVERED]: {
    audience: (event) => ({ buyersOfOrgs: event.buyerOrgIds }),
    title: () => 'Order delivered: every stage is done',
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.ROUND_NOTICE_OPENED]: {
    audience: (event) => ({ ownersInParks: event.parkIds, adminsOfParks: event.parkIds }),
    title: (event) =>
      `Evaluation ${text(event.payload.year)} on public notice: objections until ${text(event.payload.noticeEndsAt)}`,
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.OBJECTION_DECIDED]: {
    audience: (event) => ({ ownersOfFirms: event.firmIds }),
    title: (event) => `Your objection was ${text(event.payload.status).toLowerCase()}`,
    defaultChannels: INBOX_AND_EMAIL,
  },
  [NotificationType.ROUND_PUBLISHED]: {
    audience: (event) => ({ ownersInParks: event.parkIds, adminsOfParks: event.parkIds }),
    title: (event) => `Evaluation ${text(event.payload.year)} published (version ${text(event.payload.version)})`,
    defaultChannels: [NotificationChannel.INBOX],
  },
};

export function specOf(type: string): NotificationSpec | undefined {
  return (NOTIFICATIONS as Record<string, NotificationSpec | undefined>)[type];
}
