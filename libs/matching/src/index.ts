import { ProgressReportEntity } from './progress-report.entity';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalEntity } from './proposal.entity';
import { ReplanJobEntity } from './replan-job.entity';

export * from './matching.module';
export * from './candidate-loader';
export * from './quote.service';
export * from './proposal.service';
export * from './proposal-writer';
export * from './proposal-reports.queries';
export { ProposalStatus } from './proposal.entity';
export * from './replan.service';
export { ReplanScheduler } from './replan-scheduler';
export { ProposalEntity, ProposalDayEntity, ProgressReportEntity, ReplanJobEntity };

export const MATCHING_ENTITIES = [ProposalEntity, ProposalDayEntity, ProgressReportEntity, ReplanJobEntity];
export { ProposalExpiryScheduler } from './proposal-expiry.scheduler';

// The pure engines, for the benchmarks, their yardsticks and the test fixtures.
export type * from './engine/types';
export { quote } from './engine';
export type * from './engine/replan/replan-types';
export { buildReplanModel, greedyReplan, replan, resolveFairness, singleStageMaximumFill } from './engine/replan';
export * from './free-capacity-snapshot';
