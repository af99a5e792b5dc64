import { Injectable } from '@nestjs/common';
import { badInput, Principal, UnitOfWork } from '@vg/core';
import { NOTIFICATIONS, NotificationChannel, NotificationType } from './notification-catalogue';
import { NotificationPreferenceEntity } from './notification-preference.entity';

export interface EffectivePreference {
  type: NotificationType;
  channel: NotificationChannel;
  enabled: boolean;
  isDefault: boolean;
}

const PERSONAL_CHANNELS = [NotificationChannel.INBOX, NotificationChannel.EMAIL];

/** Which notifications reach a user by which channel: their own choices over the catalogue's defaults. */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(principal: Principal): Promise<EffectivePreference[]> {
    const chosen = await this.unitOfWork.manager.find(NotificationPreferenceEntity, {
      where: { userId: principal.userId },
    });
    const choiceOf = new Map(chosen.map((choice) => [`${choice.type}/${choice.channel}`, choice.enabled]));
    return Object.entries(NOTIFICATIONS).flatMap(([type, spec]) =>
      PERSONAL_CHANNELS.map((channel) => {
        const choice = choiceOf.get(`${type}/${channel}`);
        return {
          type: type as NotificationType,
          channel,
          enabled: choice ?? spec.defaultChannels.includes(channel),
          isDefault: choice === undefined,
        };
      }),
    );
  }

  async set(
    principal: Principal,
    type: NotificationType,
    channel: NotificationChannel,
    enabled: boolean,
  ): Promise<EffectivePreference> {
    if (!(type in NOTIFICATIONS)) throw badInput('type', 'This notification is not chosen per user');
    if (!PERSONAL_CHANNELS.includes(channel)) throw badInput('channel', 'Webhooks are chosen per endpoint');
    await this.unitOfWork.run((tx) =>
      tx.manager.upsert(NotificationPreferenceEntity, { userId: principal.userId, type, channel, enabled }, [
        'userId',
        'type',
        'channel',
      ]),
    );
    return { type, channel, enabled, isDefault: false };
  }
}
