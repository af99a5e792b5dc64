import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What the scheme's per-firm rules need from the park: how many times an item occurred, an override, an exemption. */
export enum AdjustmentKind {
  /** Occurrences of a bonus/penalty item, e.g. 2 extra tenants. */
  ITEM = 'ITEM',
  /** An event that fixes the firm's class, e.g. a major safety accident. */
  OVERRIDE = 'OVERRIDE',
  /** A reason not to grade the firm, e.g. newly in production. */
  EXEMPTION = 'EXEMPTION',
}

/** One per-firm fact of a draft round, with its evidence; the next computation applies it. */
@Entity('evaluation_adjustments')
@Index('evaluation_adjustments_key', ['roundId', 'firmId', 'kind', 'ruleId'], { unique: true })
export class EvaluationAdjustmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ type: 'enum', enum: AdjustmentKind, enumName: 'evaluation_adjustment_kind' })
  kind: AdjustmentKind;

  /** The scheme's item, override rule or exemption rule id. */
  @Column({ name: 'rule_id', type: 'varchar', length: 80 })
  ruleId: string;

  /** Occurrences, for items only. */
  @Column({ type: 'integer', nullable: true })
  count: number | null;

  @Column({ type: 'varchar', length: 500 })
  evidence: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
