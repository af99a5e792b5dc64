export * from './embedded-postgres';
export * from './unit-of-work';
