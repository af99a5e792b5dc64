import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ExemptFirmResult, GradedFirmResult, NotEvaluatedFirmResult } from './engine';
import type { FirmInputRef } from './evaluation-result.entity';
// Type-only: the round points back at its current computation, and a runtime import both ways would be a cycle.
import type { EvaluationRoundEntity } from './evaluation-round.entity';

/** A firm the computation did not grade: the engine's reason and the input it was given, by reference. */
export interface NotGradedEntry {
  result: ExemptFirmResult | NotEvaluatedFirmResult;
  figureIds: string[];
  input: FirmInputRef;
}

/**
 * One computation of a round's results (a draft version): computing again writes a new one and points the round at
 * it, so no result row is ever updated or deleted. Only graded firms have rows in `evaluation_results`; the others
 * are listed here with their reasons. Explanations are stored against one template per population. Written once,
 * never changed (statement-level triggers).
 */
@Entity('evaluation_computations')
@Index('evaluation_computations_round_idx', ['roundId'])
export class EvaluationComputationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne('EvaluationRoundEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: EvaluationRoundEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** A graded explanation per population id: what each firm's stored delta is expanded against. */
  @Column({ type: 'json' })
  templates: Record<string, GradedFirmResult>;

  /** By firm id; `json`, not `jsonb`: kept as written, so each reason reads back key for key. */
  @Column({ name: 'not_graded', type: 'json' })
  notGraded: Record<string, NotGradedEntry>;

  @CreateDateColumn({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
