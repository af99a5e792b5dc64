import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EvaluationRoundEntity } from './evaluation-round.entity';

export enum ObjectionStatus {
  OPEN = 'OPEN',
  /** Figures corrected as decided and the round recomputed. */
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

export interface ObjectionEvidence {
  title: string;
  /** Where it can be checked: a document number, a file reference, a link. */
  reference: string;
}

/** Figure kind (AnnualFigureKind) → value, in the kind's unit. */
export type FigureCorrections = Record<string, string>;

/** 异议: a firm disputes its result during the notice window, with evidence and the figures it says are right. */
@Entity('evaluation_objections')
@Index('evaluation_objections_round_idx', ['roundId', 'firmId'])
@Index('evaluation_objections_open_key', ['roundId', 'firmId'], { unique: true, where: `"status" = 'OPEN'` })
export class EvaluationObjectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne(() => EvaluationRoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: EvaluationRoundEntity;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'enum', enum: ObjectionStatus, enumName: 'objection_status' })
  status: ObjectionStatus;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ type: 'jsonb' })
  evidence: ObjectionEvidence[];

  @Column({ name: 'proposed_figures', type: 'jsonb' })
  proposedFigures: FigureCorrections;

  /** What the admin wrote into the sheet on accepting. */
  @Column({ name: 'applied_figures', type: 'jsonb', nullable: true })
  appliedFigures: FigureCorrections | null;

  @Column({ name: 'decision_reason', type: 'varchar', length: 2000, nullable: true })
  decisionReason: string | null;

  @Column({ name: 'filed_by', type: 'uuid' })
  filedBy: string;

  @CreateDateColumn({ name: 'filed_at', type: 'timestamptz' })
  filedAt: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
