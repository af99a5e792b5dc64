import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { EvaluationRules, PopulationSummary } from './engine';
import { EvaluationComputationEntity } from './evaluation-computation.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';

export enum RoundStatus {
  /** Created; not yet computed. */
  DRAFT = 'DRAFT',
  /** Results computed (a draft: may be computed again). */
  COMPUTED = 'COMPUTED',
  /** Results on public notice; firms may object until the window ends. */
  NOTICE = 'NOTICE',
  /** Final and immutable (the database refuses changes); a correction is a new version. */
  PUBLISHED = 'PUBLISHED',
}

export interface RoundSummary {
  rules: EvaluationRules;
  populations: PopulationSummary[];
  graded: number;
  exempt: number;
  notEvaluated: number;
  /** Whether firms without a scale for the year were graded 规下 on the admin's say-so (kept for recomputations). */
  unlistedAsBelowScale?: boolean;
  /** Firms graded 规下 that way. */
  assumedBelowScale?: number;
  /** What readiness warned of, and what was overridden, when the round was computed. */
  warnings?: string[];
}

/** One yearly per-mu evaluation of one park under one scheme; versions 2, 3, … are corrections of a published one. */
@Entity('evaluation_rounds')
@Index('evaluation_rounds_version_key', ['parkId', 'year', 'version'], { unique: true })
// One version at a time is being prepared.
@Index('evaluation_rounds_open_key', ['parkId', 'year'], { unique: true, where: `"status" <> 'PUBLISHED'` })
export class EvaluationRoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'smallint' })
  version: number;

  /** The published version this one corrects. */
  @Column({ name: 'previous_round_id', type: 'uuid', nullable: true })
  previousRoundId: string | null;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @ManyToOne(() => EvaluationSchemeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scheme_id' })
  scheme?: EvaluationSchemeEntity;

  @Column({ type: 'enum', enum: RoundStatus, enumName: 'evaluation_round_status' })
  status: RoundStatus;

  /** The computation whose results are the round's (null before the first); a recomputation points elsewhere. */
  @Column({ name: 'computation_id', type: 'uuid', nullable: true })
  computationId: string | null;

  @ManyToOne(() => EvaluationComputationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'computation_id' })
  computation?: EvaluationComputationEntity;

  @Column({ name: 'notice_ends_at', type: 'timestamptz', nullable: true })
  noticeEndsAt: Date | null;

  @Column({ name: 'computed_at', type: 'timestamptz', nullable: true })
  computedAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  /** Firms in the computed population, and how many of them had not confirmed their sheet. */
  @Column({ name: 'firm_count', type: 'integer', default: 0 })
  firmCount: number;

  @Column({ name: 'unconfirmed_sheets', type: 'integer', default: 0 })
  unconfirmedSheets: number;

  /** The engine's population summaries (benchmarks, averages, cuts) and rules of the last computation. */
  @Column({ type: 'jsonb', nullable: true })
  summary: RoundSummary | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
