import { ClassPolicyEntity } from './class-policy.entity';
import { EvaluationObjectionEntity } from './evaluation-objection.entity';
import { EvaluationResultEntity } from './evaluation-result.entity';
import { EvaluationRoundEntity } from './evaluation-round.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { PolicyLedgerEntryEntity } from './policy-ledger-entry.entity';
import { EvaluationAdjustmentEntity } from './evaluation-adjustment.entity';
import { EvaluationComputationEntity } from './evaluation-computation.entity';

export * from './evaluation.module';
export * from './rounds.service';
export * from './round-computation.service';
export * from './results.service';
export { PopulationLoader } from './population-loader';
export { RoundStatus } from './evaluation-round.entity';
export { ResultStatus } from './evaluation-result.entity';
export { ObjectionStatus } from './evaluation-objection.entity';
export { PolicyBasis, PolicyMeasure } from './class-policy.entity';
export { HUANGYAN_2022_SCHEME_ID } from './seeded-schemes';
export {
  ClassPolicyEntity,
  EvaluationObjectionEntity,
  EvaluationResultEntity,
  EvaluationRoundEntity,
  EvaluationSchemeEntity,
  PolicyLedgerEntryEntity,
};

export const EVALUATION_ENTITIES = [
  EvaluationAdjustmentEntity,
  EvaluationSchemeEntity,
  EvaluationRoundEntity,
  EvaluationComputationEntity,
  EvaluationResultEntity,
  EvaluationObjectionEntity,
  ClassPolicyEntity,
  PolicyLedgerEntryEntity,
];
export * from './published-results.queries';

// The pure engine, for the benchmarks and the test fixtures.
export { evaluate, HUANGYAN_2022_SCHEME } from './engine';
export type * from './engine/firm-input.types';
export type * from './engine/result.types';
export type * from './engine/scheme.types';
export { readStoredResults, type StoredResult, type StoredResults } from './stored-results';
// Writes a computation as a compute does: for the benchmarks and the test fixtures that publish rounds in bulk.
export { storeComputation } from './results-store';
export type { StoredInput } from './evaluation-result.entity';
