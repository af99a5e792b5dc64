export * from './embedded-postgres';
export * from './unit-of-work';
export * from './row-source';
