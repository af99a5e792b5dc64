import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RelayedEvent } from '@vg/core';
import { NotificationChannel } from '../notification-catalogue';
import { NotificationSender, OutgoingMessage } from './notification-sender';

const SEND_TIMEOUT_MS = 10_000;

/** What an integrator receives: the event as subscribers see it (no confidential part). */
export function webhookBody(event: RelayedEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    subjectId: event.subjectId,
    occurredAt: event.occurredAt,
    payload: event.payload,
  });
}

/**
 * The signature an integrator checks: HMAC-SHA256 with the endpoint's secret over `<timestamp>.<body>`, hex. The
 * timestamp is signed too, so a captured request cannot be replayed later with a fresh timestamp.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POSTs the event to the endpoint, signed; any answer but 2xx (or no answer within 10 s) is a failure to retry. */
@Injectable()
export class WebhookChannel implements NotificationSender {
  readonly channel = NotificationChannel.WEBHOOK;

  async send(message: OutgoingMessage): Promise<void> {
    if (!message.secret) throw new Error('the webhook endpoint was removed');
    const body = message.message.body;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(message.address, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'VirtualGroup-Webhook/1',
        'X-VG-Event-Id': message.eventId,
        'X-VG-Event-Type': message.type,
        'X-VG-Timestamp': timestamp,
        'X-VG-Signature': webhookSignature(message.secret, timestamp, body),
      },
      body,
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) throw new Error(`the endpoint answered ${response.status}`);
  }
}
