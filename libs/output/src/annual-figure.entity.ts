import { FirmEntity } from '@vg/firms';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AnnualFigureKind } from './annual-figure-kind';
import { AuditState, FigureSource } from './figure-provenance';
import { ImportJobEntity } from './import-job.entity';

/**
 * One yearly figure of one firm, as one version: a change writes a new row and stamps the old one superseded, so
 * every figure a round used can still be read back with its source, import job and review.
 */
@Entity('firm_annual_figures')
@Index('firm_annual_figures_current_key', ['firmId', 'year', 'kind'], {
  unique: true,
  where: '"superseded_at" IS NULL',
})
@Index('firm_annual_figures_park_year_idx', ['parkId', 'year'], { where: '"superseded_at" IS NULL' })
@Index('firm_annual_figures_job_idx', ['importJobId'])
export class AnnualFigureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'enum', enum: AnnualFigureKind, enumName: 'annual_figure_kind' })
  kind: AnnualFigureKind;

  /** In the kind's unit (`ANNUAL_FIGURES`): 万元 to 4 decimals, persons, tce, 万kWh, tonnes. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  value: string;

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

  /** The user who entered it (the importer, the owner, or the admin who accepted an objection). */
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
