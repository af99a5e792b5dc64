import { Logger } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import Redis from 'ioredis';

type Handler = (message: unknown) => void;

/** Reconnect backoff: quick at first, then every 2 s for as long as Redis stays away. */
const RECONNECT_DELAY_MS = (attempt: number) => Math.min(100 * attempt, 2_000);
/** While Redis stays down, the same failure is logged at most this often. */
const REPEAT_LOG_MS = 30_000;

/**
 * graphql-subscriptions' engine over Redis pub/sub, so every api replica hears every replica's events. Two
 * connections: a subscribed Redis connection can do nothing but listen.
 *
 * Redis is optional at run time: the engine starts without it and keeps reconnecting; publishing fails fast while
 * it is away (the change is committed either way); errors go to the logger, a line per outage rather than per retry.
 * Whenever events may have been lost (the listening connection dropped, or a publish failed), `onEventsMissed`
 * listeners are told, so live subscriptions can end with an error rather than go silently stale.
 */
export class RedisPubSub extends PubSubEngine {
  private readonly logger = new Logger('Redis');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<number, { channel: string; handler: Handler }>();
  private readonly missedListeners = new Set<() => void>();
  private readonly lastLogged = new Map<string, number>();
  private nextId = 1;
  private closing = false;

  constructor(
    url: string,
    private readonly onStateChange: (up: boolean) => void = () => undefined,
  ) {
    super();
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: RECONNECT_DELAY_MS,
    };
    this.publisher = new Redis(url, options);
    // The listener queues its SUBSCRIBE until connected; ioredis subscribes again after every reconnect.
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const [name, connection] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      connection.on('error', (error: Error) => this.logOnce(name, `Redis ${name} connection: ${error.message}`));
      connection.on('ready', () => {
        this.lastLogged.delete(name);
        this.logger.log(`Redis ${name} connection ready`);
        this.onStateChange(this.up);
      });
      connection.on('close', () => this.onStateChange(this.up));
    }
    this.subscriber.on('close', () => {
      if (!this.closing && this.handlers.size) this.eventsMayBeMissed();
    });
    this.subscriber.on('message', (channel: string, raw: string) => {
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        this.logger.warn(`ignored a message on ${channel} that is not JSON`);
        return;
      }
      for (const entry of this.handlers.values()) if (entry.channel === channel) entry.handler(message);
    });
  }

  /** Both connections are open. */
  get up(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    try {
      await this.publisher.publish(channel, JSON.stringify(payload));
    } catch (error) {
      this.eventsMayBeMissed();
      throw error;
    }
  }

  async subscribe(channel: string, onMessage: Handler): Promise<number> {
    const id = this.nextId++;
    const alreadyListening = [...this.handlers.values()].some((entry) => entry.channel === channel);
    this.handlers.set(id, { channel, handler: onMessage });
    if (!alreadyListening) {
      this.subscriber.subscribe(channel).catch((error: Error) => {
        this.logOnce('subscribe', `Redis SUBSCRIBE ${channel} failed: ${error.message}`);
        this.eventsMayBeMissed();
      });
    }
    return id;
  }

  unsubscribe(id: number): void {
    const entry = this.handlers.get(id);
    this.handlers.delete(id);
    if (entry && ![...this.handlers.values()].some((other) => other.channel === entry.channel)) {
      this.subscriber.unsubscribe(entry.channel).catch(() => undefined);
    }
  }

  /** Registers a listener for "events may have been lost"; returns its removal. */
  onEventsMissed(listener: () => void): () => void {
    this.missedListeners.add(listener);
    return () => this.missedListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.publisher, this.subscriber].map((connection) => closeConnection(connection)));
  }

  /** Nest calls this on app.close(): without it the two connections keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private eventsMayBeMissed(): void {
    for (const listener of [...this.missedListeners]) listener();
  }

  private logOnce(key: string, message: string): void {
    const last = this.lastLogged.get(key);
    if (last !== undefined && Date.now() - last < REPEAT_LOG_MS) return;
    this.lastLogged.set(key, Date.now());
    this.logger.warn(message);
  }
}

/** QUIT when connected; otherwise just stop reconnecting. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}
