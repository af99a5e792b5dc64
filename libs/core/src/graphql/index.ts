export * from './scalars';
export * from './pagination';
export * from './id-arg';
export * from './model';
export * from './query-cost';
