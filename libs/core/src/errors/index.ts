export * from './error-code';
export * from './app-error';
export * from './format-graphql-error';
export * from './database-unavailable';
export * from './http-error.filter';
