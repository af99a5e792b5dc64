import { PubSubEngine } from 'graphql-subscriptions';
import Redis from 'ioredis';

type Handler = (message: unknown) => void;

/**
 * graphql-subscriptions' engine over Redis pub/sub, so every api replica hears every replica's events. Two
 * connections: a subscribed Redis connection can do nothing but listen.
 */
export class RedisPubSub extends PubSubEngine {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<number, { channel: string; handler: Handler }>();
  private nextId = 1;

  constructor(url: string) {
    super();
    const options = { lazyConnect: false, maxRetriesPerRequest: 3, enableOfflineQueue: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    this.subscriber.on('message', (channel: string, raw: string) => {
      const message = JSON.parse(raw) as unknown;
      for (const entry of this.handlers.values()) if (entry.channel === channel) entry.handler(message);
    });
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(payload));
  }

  async subscribe(channel: string, onMessage: Handler): Promise<number> {
    const id = this.nextId++;
    const alreadyListening = [...this.handlers.values()].some((entry) => entry.channel === channel);
    this.handlers.set(id, { channel, handler: onMessage });
    if (!alreadyListening) await this.subscriber.subscribe(channel);
    return id;
  }

  unsubscribe(id: number): void {
    const entry = this.handlers.get(id);
    this.handlers.delete(id);
    if (entry && ![...this.handlers.values()].some((other) => other.channel === entry.channel)) {
      void this.subscriber.unsubscribe(entry.channel);
    }
  }

  /** Resolves once both connections are up, so a replica is ready before it says so. */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }

  /** Nest calls this on app.close(): without it the two connections keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
