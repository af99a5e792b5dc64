import { Inject, Injectable, Logger } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DomainEvent } from './domain-event';

export const PUB_SUB = Symbol('PUB_SUB');
export const DOMAIN_EVENTS_CHANNEL = 'vg.domain-events';

/** Fans committed events out to subscribers: in-process by default, through Redis when REDIS_URL is set. */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  publish(event: DomainEvent): void {
    this.pubSub.publish(DOMAIN_EVENTS_CHANNEL, event).catch((error: unknown) => {
      // The change is committed either way; a lost notification must not fail the request.
      this.logger.warn(`event ${event.type} not fanned out: ${String(error)}`);
    });
  }

  asyncIterator(): AsyncIterableIterator<DomainEvent> {
    return this.pubSub.asyncIterableIterator<DomainEvent>(DOMAIN_EVENTS_CHANNEL);
  }
}
