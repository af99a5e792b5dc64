import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { FirmResult, FirmYearInput } from './engine';
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
 * One firm's result in one round: the headline columns for listing and diffs, and the engine's full explanation.
 * `json` (not jsonb) with EXTERNAL storage (no compression): stored and returned whole, and far cheaper to write
 * 12,000 at a time.
 */
@Entity('evaluation_results')
@Index('evaluation_results_park_idx', ['parkId'])
export class EvaluationResultEntity {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne(() => EvaluationRoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: EvaluationRoundEntity;

  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

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

  @Column({ type: 'json' })
  input: StoredInput;

  @Column({ type: 'json' })
  explanation: FirmResult;
}
