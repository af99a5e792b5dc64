export { greedyReplan } from './greedy-replan';
export { replan } from './replan';
export { buildReplanModel, resolveFairness } from './replan-model';
export { singleStageMaximumFill } from './single-stage-flow';
export type * from './replan-types';
