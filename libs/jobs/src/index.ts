export * from './jobs.module';
export { JobQueue, JOB_SCHEMA, type JobQueueOptions } from './job-queue';
export type * from './job-definition';
