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
export * from './supplier-rating';
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

// Buyer-constraint helpers and the planning-instance file format (`vg-planning-instance/1`, `vg-plan/1`).
export { BuyerConstraints, distanceKm, EARTH_RADIUS_KM, transportCostFen } from './engine';
export {
  buildPlanningInstance,
  PLAN_FORMAT,
  PLANNING_INSTANCE_FORMAT,
  PLANNING_INSTANCE_SCHEMA_FILE,
  PlanningInstanceError,
  readPlanningInstance,
  toEngineInputs,
  toVgPlan,
  type PlanningInstance,
  type PlanningInstanceFirm,
  type PlanningInstanceListing,
  type PlanningInstanceMetadata,
  type PlanningInstanceOrder,
  type VgPlan,
  type VgPlanAllocation,
} from './planning-instance';
export * from './free-capacity-snapshot';
