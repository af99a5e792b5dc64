export * from './domain-event';
export * from './event-bus';
export * from './event-outbox';
export * from './event-outbox.entity';
export * from './outbox-relay';
export * from './redis-pub-sub';
