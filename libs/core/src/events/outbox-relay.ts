import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { runInSystemScope } from '../database/database-scope';
import { EventBus } from './event-bus';
import { RelayedEvent } from './event-outbox';

const BATCH = 50;
const MAX_ATTEMPTS = 10;
/** Back-off of an event a consumer failed on: 2, 4, 8 … seconds, at most five minutes. */
const RETRY_SECONDS = (attempts: number) => Math.min(2 ** attempts, 300);
/** Relayed rows are kept this long (for inspection), then deleted. */
const KEEP_RELAYED = '7 days';
const PRUNE_EVERY_MS = 3_600_000;
const REPEAT_LOG_MS = 30_000;

/**
 * Takes each outbox event inside the relay's transaction (e.g. the notifications lib writing inbox items and
 * deliveries): what it writes commits together with the event being marked relayed, so a crash in between neither
 * loses nor doubles it. A throw rolls back that event only; it is retried with back-off.
 */
export interface OutboxConsumer {
  readonly name: string;
  /** May return work to run once the relay's transaction has committed (a live push, a dispatcher's wake-up). */
  consume(manager: EntityManager, event: RelayedEvent): Promise<(() => void) | void>;
}

/**
 * Delivers committed outbox events at least once: to every registered consumer, then to subscribers through the
 * event bus. Woken at once by a commit in this process, and every OUTBOX_POLL_MS for other processes' commits and
 * retries. Rows are claimed with SKIP LOCKED, so every replica may run it and each event is relayed by one.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly consumers: OutboxConsumer[] = [];
  private timer?: NodeJS.Timeout;
  private stopListening: () => void = () => undefined;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastPruned = 0;
  private lastLogged = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Consumers register while the modules initialise; the relay starts once the application has. */
  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.events.onOutboxWritten(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.config.outboxPollMs);
    this.timer.unref();
    this.wake();
  }

  /** Before the pool closes: no new round starts, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopListening();
    await this.running;
  }

  /** Runs a relay round now, or right after the one under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    // A round woken by a request's commit must not run in that request's scope: it relays every park's events.
    this.running = runInSystemScope('outbox relay', () => this.drain())
      .then(() => undefined)
      .catch((error: unknown) => this.logFailure(`outbox relay round failed: ${messageOf(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.wake();
      });
  }

  /** Relays every event that is due; returns how many were taken. */
  async drain(): Promise<number> {
    let taken = 0;
    for (;;) {
      const batch = await this.relayBatch();
      taken += batch;
      if (batch < BATCH || this.stopped) break;
    }
    if (Date.now() - this.lastPruned > PRUNE_EVERY_MS) {
      this.lastPruned = Date.now();
      await this.dataSource.query(`DELETE FROM event_outbox WHERE relayed_at < now() - interval '${KEEP_RELAYED}'`);
    }
    return taken;
  }

  private async relayBatch(): Promise<number> {
    const relayed: RelayedEvent[] = [];
    const afterCommit: (() => void)[] = [];
    const taken = await this.dataSource.transaction(async (manager) => {
      const rows: { id: string; event: RelayedEvent; attempts: number }[] = await manager.query(
        `SELECT id, event, attempts FROM event_outbox
          WHERE relayed_at IS NULL AND next_attempt_at <= now()
          ORDER BY sequence LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      for (const row of rows) {
        const event: RelayedEvent = { ...row.event, id: row.id };
        const then: (() => void)[] = [];
        await manager.query('SAVEPOINT outbox_event');
        try {
          for (const consumer of this.consumers) {
            const next = await consumer.consume(manager, event);
            if (next) then.push(next);
          }
          await manager.query('RELEASE SAVEPOINT outbox_event');
          relayed.push(event);
          afterCommit.push(...then);
        } catch (error) {
          await manager.query('ROLLBACK TO SAVEPOINT outbox_event');
          const attempts = row.attempts + 1;
          const givenUp = attempts >= MAX_ATTEMPTS;
          await manager.query(
            `UPDATE event_outbox
                SET attempts = $2, last_error = left($3, 500), next_attempt_at = now() + make_interval(secs => $4),
                    failed_at = CASE WHEN $5 THEN now() END, relayed_at = CASE WHEN $5 THEN now() END
              WHERE id = $1`,
            [row.id, attempts, messageOf(error), RETRY_SECONDS(attempts), givenUp],
          );
          this.logger.warn(
            `event ${event.type} ${event.id} not taken (attempt ${attempts}${givenUp ? ', given up' : ''}): ${messageOf(error)}`,
          );
        }
      }
      if (relayed.length) {
        await manager.query(
          `UPDATE event_outbox SET relayed_at = now(), event = event - 'confidential' WHERE id = ANY($1::uuid[])`,
          [relayed.map((event) => event.id)],
        );
      }
      return rows.length;
    });
    for (const event of relayed) this.events.publish(event);
    for (const then of afterCommit) then();
    return taken;
  }

  private logFailure(message: string): void {
    if (Date.now() - this.lastLogged < REPEAT_LOG_MS) return;
    this.lastLogged = Date.now();
    this.logger.warn(message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
