import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FirmResult, FirmYearInput } from './engine';
import type { ExplanationDelta } from './explanation-codec';
import { EvaluationComputationEntity } from './evaluation-computation.entity';
import { EvaluationRoundEntity } from './evaluation-round.entity';

export enum ResultStatus {
  GRADED = 'GRADED',
  EXEMPT = 'EXEMPT',
  NOT_EVALUATED = 'NOT_EVALUATED',
}

/**
 * Where each figure given to the engine came from: the figure version's id (its source, import job and review are
 * on that row, which is never replaced), or the plots for land.
 */
export interface FigureOrigin {
  figureId?: string;
  landPlotIds?: string[];
}

/** Exactly what the engine was given for the firm, with the origin of every figure. */
export interface StoredInput {
  input: FirmYearInput;
  origins: Record<string, FigureOrigin>;
  sheetConfirmed: boolean;
}

/**
 * The input as stored: everything but the figures, which are the immutable figure versions whose ids sit beside it
 * (land, which is not a figure version, stays here with its plots).
 */
export interface FirmInputRef {
  input: FirmYearInput;
  landPlotIds: string[];
  sheetConfirmed: boolean;
}

/**
 * One graded firm's result in one computation of a round: the headline columns for listing, diffs and the cockpit
 * (land and the per-mu indicators, indexed for rankings), the input by reference and the explanation as a delta
 * against the computation's template. `input` and `explanation` hold the whole documents of results computed before
 * this layout (and of their ungraded firms); new rows leave them null.
 */
@Entity('evaluation_results')
@Index('evaluation_results_park_idx', ['parkId'])
@Index('evaluation_results_round_idx', ['roundId'])
@Index('evaluation_results_tax_per_mu_idx', ['computationId', 'taxPerMu', 'firmId'])
@Index('evaluation_results_value_added_per_mu_idx', ['computationId', 'valueAddedPerMu', 'firmId'])
@Index('evaluation_results_total_idx', ['computationId', 'total', 'firmId'])
export class EvaluationResultEntity {
  @PrimaryColumn({ name: 'computation_id', type: 'uuid' })
  computationId: string;

  @ManyToOne(() => EvaluationComputationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'computation_id' })
  computation?: EvaluationComputationEntity;

  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne(() => EvaluationRoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: EvaluationRoundEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'enum', enum: ResultStatus, enumName: 'evaluation_result_status' })
  status: ResultStatus;

  @Column({ name: 'population_id', type: 'varchar', length: 80, nullable: true })
  populationId: string | null;

  /** Score as published, 4 decimals. */
  @Column({ type: 'numeric', precision: 14, scale: 4, nullable: true })
  total: string | null;

  @Column({ type: 'integer', nullable: true })
  rank: number | null;

  @Column({ name: 'class', type: 'varchar', length: 20, nullable: true })
  grade: string | null;

  /** The land graded on, exact mu. */
  @Column({ name: 'land_mu', type: 'numeric', nullable: true })
  landMu: string | null;

  /** The published per-mu indicators (the figure over land in mu), whatever the scheme calls them. */
  @Column({ name: 'tax_per_mu', type: 'numeric', nullable: true })
  taxPerMu: string | null;

  @Column({ name: 'value_added_per_mu', type: 'numeric', nullable: true })
  valueAddedPerMu: string | null;

  @Column({ name: 'figure_ids', type: 'uuid', array: true, nullable: true })
  figureIds: string[] | null;

  @Column({ name: 'input_ref', type: 'json', nullable: true })
  inputRef: FirmInputRef | null;

  @Column({ name: 'explanation_delta', type: 'json', nullable: true })
  explanationDelta: ExplanationDelta | null;

  @Column({ type: 'json', nullable: true })
  input: StoredInput | null;

  @Column({ type: 'json', nullable: true })
  explanation: FirmResult | null;
}
