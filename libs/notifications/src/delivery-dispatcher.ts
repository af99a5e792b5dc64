import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DomainEvent, EventBus, runInSystemScope, writeToOutbox } from '@vg/core';
import { DataSource } from 'typeorm';
import { EmailChannel } from './channels/email.channel';
import { NotificationSender, OutgoingMessage } from './channels/notification-sender';
import { WebhookChannel } from './channels/webhook.channel';
import { NotificationChannel } from './notification-catalogue';

/** Messages sent side by side in one round. */
const BATCH = 10;
const REPEAT_LOG_MS = 30_000;

interface ClaimedDelivery extends OutgoingMessage {
  id: string;
  channel: NotificationChannel;
  attempts: number;
}

/**
 * Sends pending email and webhook deliveries at least once. A round claims due rows with FOR UPDATE SKIP LOCKED and
 * holds them while it sends, then records each outcome in the same transaction: if the process dies mid-send, the
 * transaction dies with it and the rows are due again at once (sent a second time: receivers drop the repeat by
 * its event id). A failure is retried after NOTIFICATION_RETRY_BASE_MS, doubling, up to NOTIFICATION_MAX_ATTEMPTS.
 * Each round also turns due proposal reminders into outbox events.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly senders: Map<NotificationChannel, NotificationSender>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastLogged = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    email: EmailChannel,
    webhook: WebhookChannel,
  ) {
    this.senders = new Map<NotificationChannel, NotificationSender>([
      [email.channel, email],
      [webhook.channel, webhook],
    ]);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.outboxPollMs);
    this.timer.unref();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a round now, or right after the one under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = runInSystemScope('notification delivery', () => this.drain())
      .catch((error: unknown) => {
        if (Date.now() - this.lastLogged < REPEAT_LOG_MS) return;
        this.lastLogged = Date.now();
        this.logger.warn(`notification round failed: ${messageOf(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) this.wake();
      });
  }

  private async drain(): Promise<void> {
    await this.raiseDueReminders();
    while (!this.stopped && (await this.sendBatch()) === BATCH);
  }

  private async raiseDueReminders(): Promise<void> {
    const raised = await this.dataSource.transaction(async (manager) => {
      const due: { proposal_id: string; event: DomainEvent }[] = await manager.query(
        `SELECT proposal_id, event FROM notification_reminders
          WHERE due_at <= now() AND sent_at IS NULL AND cancelled_at IS NULL
          ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      if (!due.length) return 0;
      await writeToOutbox(
        manager,
        due.map((row) => ({ ...row.event, occurredAt: new Date().toISOString() })),
      );
      await manager.query('UPDATE notification_reminders SET sent_at = now() WHERE proposal_id = ANY($1::uuid[])', [
        due.map((row) => row.proposal_id),
      ]);
      return due.length;
    });
    if (raised) this.events.outboxWritten();
  }

  private async sendBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const claimed: ClaimedDelivery[] = await manager.query(
        `SELECT d.id, d.event_id AS "eventId", d.type, d.channel, d.recipient, d.address, d.message, d.attempts,
                w.secret
           FROM notification_deliveries d
           LEFT JOIN webhook_endpoints w ON d.channel = 'WEBHOOK' AND w.id::text = d.recipient
                                        AND w.disabled_at IS NULL
          WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
          ORDER BY d.next_attempt_at LIMIT $1
            FOR UPDATE OF d SKIP LOCKED`,
        [BATCH],
      );
      const outcomes = await Promise.allSettled(
        claimed.map((delivery) => this.senders.get(delivery.channel)!.send(delivery)),
      );
      for (const [index, outcome] of outcomes.entries()) {
        const delivery = claimed[index];
        if (outcome.status === 'fulfilled') {
          // An invitation's text holds its token: once sent, it is not kept.
          await manager.query(
            `UPDATE notification_deliveries
                SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = NULL,
                    message = CASE WHEN type = 'INVITATION_SENT' THEN message - 'text' ELSE message END
              WHERE id = $1`,
            [delivery.id],
          );
          continue;
        }
        const attempts = delivery.attempts + 1;
        const givenUp = attempts >= this.config.notificationMaxAttempts;
        await manager.query(
          `UPDATE notification_deliveries
              SET attempts = $2, last_error = left($3, 500), status = $4,
                  next_attempt_at = now() + make_interval(secs => $5)
            WHERE id = $1`,
          [
            delivery.id,
            attempts,
            messageOf(outcome.reason),
            givenUp ? 'FAILED' : 'PENDING',
            (this.config.notificationRetryBaseMs * 2 ** (attempts - 1)) / 1000,
          ],
        );
        this.logger.warn(
          `${delivery.channel} ${delivery.type} delivery ${delivery.id} failed (attempt ${attempts}` +
            `${givenUp ? ', given up' : ''}): ${messageOf(outcome.reason)}`,
        );
      }
      return claimed.length;
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
