import { FirmEntity } from '@vg/firms';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuditState, FigureSource } from './figure-provenance';
import { ImportJobEntity } from './import-job.entity';

/**
 * A firm's output value (产值) for one month, versioned like the yearly figures. What came through the platform is
 * not stored here: it is the platform-output facts, one per delivered proposal, so it always traces to them.
 */
@Entity('firm_monthly_output')
@Index('firm_monthly_output_current_key', ['firmId', 'month'], { unique: true, where: '"superseded_at" IS NULL' })
@Index('firm_monthly_output_park_month_idx', ['parkId', 'month'], { where: '"superseded_at" IS NULL' })
@Index('firm_monthly_output_job_idx', ['importJobId'])
@Check('firm_monthly_output_first_of_month', 'EXTRACT(DAY FROM "month") = 1')
export class MonthlyOutputEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** The first day of the month. */
  @Column({ type: 'date' })
  month: string;

  /** Yuan, 2 decimals. */
  @Column({ name: 'output_value', type: 'numeric', precision: 16, scale: 2 })
  outputValue: string;

  @Column({ type: 'enum', enum: FigureSource, enumName: 'figure_source' })
  source: FigureSource;

  @Column({ name: 'import_job_id', type: 'uuid', nullable: true })
  importJobId: string | null;

  @ManyToOne(() => ImportJobEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'import_job_id' })
  importJob?: ImportJobEntity;

  @Column({ name: 'audit_state', type: 'enum', enum: AuditState, enumName: 'audit_state' })
  auditState: AuditState;

  @Column({ name: 'return_reason', type: 'varchar', length: 500, nullable: true })
  returnReason: string | null;

  @Column({ name: 'entered_by', type: 'uuid' })
  enteredBy: string;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
