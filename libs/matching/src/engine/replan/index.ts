export { greedyReplan } from './greedy-replan';
export {
  buildReplanLp,
  lpBound,
  replanLpText,
  writeReplanLp,
  type LpBoundResult,
  type ReplanLp,
  type ReplanLpOptions,
} from './lp-bound';
export { replan } from './replan';
export { buildReplanModel, resolveFairness } from './replan-model';
export { singleStageMaximumFill } from './single-stage-flow';
export { processBound, type ProcessBound } from './process-bound';
export { generateReplanInstance, type ReplanInstance, type ReplanInstanceSpec } from './replan-instance-generator';
export type * from './replan-types';
export { validateReplan } from './replan-validation';
