import { Role } from '@vg/core';
import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What kind of record a change was made to. */
export enum AuditSubject {
  LAND_PLOT = 'LAND_PLOT',
  FIRM_SCALE = 'FIRM_SCALE',
  ANNUAL_FIGURE = 'ANNUAL_FIGURE',
  MONTHLY_OUTPUT = 'MONTHLY_OUTPUT',
  /** An evaluation adjustment: a score item, an override or an exemption recorded on a round. */
  ADJUSTMENT = 'ADJUSTMENT',
  OBJECTION = 'OBJECTION',
  SCHEME = 'SCHEME',
  CLASS_POLICY = 'CLASS_POLICY',
  GROUP_MEMBERSHIP = 'GROUP_MEMBERSHIP',
}

export enum AuditAction {
  CREATED = 'CREATED',
  CHANGED = 'CHANGED',
  REMOVED = 'REMOVED',
  /** A review or a decision: approved, returned, accepted, rejected. */
  DECIDED = 'DECIDED',
}

/**
 * One change, as it was made: who, when, to what, the record before and after, and the reason given. Written in
 * the transaction of the change itself and never changed afterwards: the database refuses UPDATE, DELETE and
 * TRUNCATE on this table (migration AuditTrail), and nothing references it or is referenced by it, so no cascade can
 * remove a row either.
 */
@Entity('audit_events')
@Index('audit_events_park_idx', ['parkId', 'sequence'])
@Index('audit_events_firm_idx', ['firmId', 'sequence'])
@Index('audit_events_round_idx', ['roundId', 'sequence'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order changes were recorded in (a trail reads newest first by it; timestamps of one transaction tie). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  sequence: string;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** Null for a platform-wide record (a scheme shared with every park). */
  @Column({ name: 'park_id', type: 'uuid', nullable: true })
  parkId: string | null;

  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId: string | null;

  @Column({ name: 'round_id', type: 'uuid', nullable: true })
  roundId: string | null;

  /** The year the changed record is about (a figure's, a scale's, a round's), when it has one. */
  @Column({ type: 'smallint', nullable: true })
  year: number | null;

  @Column({ type: 'enum', enum: AuditSubject, enumName: 'audit_subject' })
  subject: AuditSubject;

  @Column({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId: string;

  @Column({ type: 'enum', enum: AuditAction, enumName: 'audit_action' })
  action: AuditAction;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'enum', enum: Role, enumName: 'user_role' })
  actorRole: Role;

  /** The import job the change came with, if any. */
  @Column({ name: 'import_job_id', type: 'uuid', nullable: true })
  importJobId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;
}
