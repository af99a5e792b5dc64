import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity } from './allocation.entity';
import { ProgressReportEntity } from './progress-report.entity';
import { ReplanJobEntity } from './replan-job.entity';

export * from './matching.module';
export * from './candidate-loader';
export * from './quote.service';
export * from './proposal.service';
export * from './proposal-writer';
export * from './order-placement.service';
export { AllocationStatus } from './allocation.entity';
export * from './replan.service';
export { ReplanScheduler } from './replan-scheduler';
export { ProposalExpiryScheduler } from './proposal-expiry.scheduler';
export { AllocationEntity, AllocationDayEntity, ProgressReportEntity, ReplanJobEntity };

export const MATCHING_ENTITIES = [AllocationEntity, AllocationDayEntity, ProgressReportEntity, ReplanJobEntity];

// The pure engines, for the benchmarks, their yardsticks and the test fixtures.
export type * from './engine/types';
export { quote } from './engine';
export type * from './engine/replan/replan-types';
export { buildReplanModel, greedyReplan, replan, resolveFairness, singleStageMaximumFill } from './engine/replan';
