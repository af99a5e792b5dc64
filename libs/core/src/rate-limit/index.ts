export * from './rate-limit-bucket.entity';
export * from './rate-limit.decorator';
export * from './rate-limit.interceptor';
export * from './expensive-operation.decorator';
