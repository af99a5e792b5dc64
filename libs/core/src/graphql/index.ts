export * from './scalars';
export * from './pagination';
export * from './id-arg';
