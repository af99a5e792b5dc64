import { Inject, Injectable, Logger } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { ErrorCode } from '../errors/error-code';
import { DomainEvent } from './domain-event';
import { RedisPubSub } from './redis-pub-sub';

export const PUB_SUB = Symbol('PUB_SUB');
export const DOMAIN_EVENTS_CHANNEL = 'vg.domain-events';

/**
 * Ends a subscription whose stream may have a hole. graphql-ws sends it to the client as the operation's `error`
 * message; the code tells the client to subscribe again and re-read what it shows.
 */
export class EventsMissedError extends Error {
  readonly extensions = { code: ErrorCode.SERVICE_UNAVAILABLE };

  constructor() {
    super('The event stream was interrupted and events may have been missed; subscribe again and reload');
    this.name = 'EventsMissedError';
  }
}

/**
 * Fans relayed events out to subscribers: in-process by default, through Redis when REDIS_URL is set. Events reach
 * it from the outbox relay, never straight from a unit of work.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);
  private readonly outboxListeners = new Set<() => void>();

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  /** Fans one event out; its confidential part never leaves the process. */
  publish(event: DomainEvent): void {
    const broadcast: DomainEvent = { ...event };
    delete broadcast.confidential;
    this.pubSub.publish(DOMAIN_EVENTS_CHANNEL, broadcast).catch((error: unknown) => {
      // The change is committed either way; a lost notification must not fail the request (subscribers are told).
      this.logger.warn(`event ${event.type} not fanned out: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** A unit of work committed events to the outbox: the relay in this process takes them at once. */
  outboxWritten(): void {
    for (const listener of [...this.outboxListeners]) listener();
  }

  /** Registers a listener for `outboxWritten`; returns its removal. */
  onOutboxWritten(listener: () => void): () => void {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  /** Every committed event from now on; ends with EventsMissedError if the fan-out may have lost one. */
  asyncIterator(): AsyncIterableIterator<DomainEvent> {
    const inner = this.pubSub.asyncIterableIterator<DomainEvent>(DOMAIN_EVENTS_CHANNEL);
    if (!(this.pubSub instanceof RedisPubSub)) return inner;
    return interruptible(inner, (interrupt) => (this.pubSub as RedisPubSub).onEventsMissed(interrupt));
  }
}

/**
 * Wraps an iterator so that `watch`'s signal rejects the pending (and every later) `next()` and releases the inner
 * subscription: a consumer learns of the hole instead of waiting on a stream that silently lost events.
 */
function interruptible<T>(
  inner: AsyncIterableIterator<T>,
  watch: (interrupt: () => void) => () => void,
): AsyncIterableIterator<T> {
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  let interrupted = false;
  const stopWatching = watch(() => {
    if (interrupted) return;
    interrupted = true;
    stopWatching();
    fail(new EventsMissedError());
    void inner.return?.();
  });
  return {
    next: () => (interrupted ? failed : Promise.race([inner.next(), failed])),
    return: async (value?: unknown) => {
      stopWatching();
      return (await inner.return?.(value)) ?? { done: true, value: undefined };
    },
    throw: async (error?: unknown) => {
      stopWatching();
      return (await inner.throw?.(error)) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
