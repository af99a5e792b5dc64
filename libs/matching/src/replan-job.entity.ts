import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ReplanJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

/** One re-plan of a park's open orders: its progress while it runs, and what it changed once done. */
@Entity('replan_jobs')
@Index('replan_jobs_park_idx', ['parkId', 'createdAt'])
export class ReplanJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** The admin who started it; null when the schedule did (REPLAN_EVERY_MINUTES). */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'enum', enum: ReplanJobStatus, enumName: 'replan_job_status' })
  status: ReplanJobStatus;

  /** Share of the engine's work done, 0..1. */
  @Column({ type: 'numeric', precision: 5, scale: 4, default: 0 })
  progress: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phase: string | null;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  /** The fairness lever as the admin set it. */
  @Column({ type: 'jsonb' })
  options: Record<string, unknown>;

  /** Fill, cost and per-firm utilisation before and after, the proposals replaced and made. */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
