import { NotificationChannel } from '../notification-catalogue';

/** One message as the dispatcher hands it to a channel. */
export interface OutgoingMessage {
  eventId: string;
  type: string;
  recipient: string;
  address: string;
  message: Record<string, string>;
  /** The endpoint's signing key (webhooks only). */
  secret: string | null;
}

/** A way out of the platform; `send` resolves once the other side has taken the message, and throws otherwise. */
export interface NotificationSender {
  readonly channel: NotificationChannel;
  send(message: OutgoingMessage): Promise<void>;
}
