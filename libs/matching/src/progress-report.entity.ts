import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A firm's report of pieces done (and found defective) on one day of a proposal it accepted. */
@Entity('progress_reports')
@Index('progress_reports_proposal_date_key', ['proposalId', 'date'], { unique: true })
@Check('progress_reports_defects_within_done', '"defect_units" >= 0 AND "defect_units" <= "units_done"')
export class ProgressReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ name: 'units_done', type: 'integer' })
  unitsDone: number;

  @Column({ name: 'defect_units', type: 'integer' })
  defectUnits: number;

  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;
}
