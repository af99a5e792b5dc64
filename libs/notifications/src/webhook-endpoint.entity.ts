import { Role } from '@vg/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An integrator's endpoint, registered by an organisation's admin: it hears the events its organisation may see
 * (the same rule as subscriptions), of the types it chose, each signed with its own secret.
 */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_active_idx', ['role'], { where: 'disabled_at IS NULL' })
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Whose events it hears: a park (PARK_ADMIN), a firm (SME_OWNER) or a buyer organisation (BUYER). */
  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ name: 'park_id', type: 'uuid', nullable: true })
  parkId: string | null;

  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId: string | null;

  @Column({ name: 'buyer_org_id', type: 'uuid', nullable: true })
  buyerOrgId: string | null;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** The HMAC key: shown once when registered; kept because every delivery is signed with it. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  @Column({ name: 'event_types', type: 'varchar', length: 60, array: true })
  eventTypes: string[];

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
