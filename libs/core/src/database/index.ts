export * from './api-role';
export * from './database-scope';
export * from './embedded-postgres';
export * from './scoped-connections';
export * from './system-role';
export * from './unit-of-work';
export * from './row-source';
