export * from './domain-event';
export * from './event-bus';
export * from './redis-pub-sub';
