export * from './runtime-status';
