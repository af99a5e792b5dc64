import { Role } from '@vg/core';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time invitation to become a user of a given role and tenant; only the token's SHA-256 is kept. It goes to an
 * email address or a mobile number; invited by phone, the user names their sign-in email on acceptance.
 */
@Entity('invitations')
@Index('invitations_token_hash_key', ['tokenHash'], { unique: true })
@Index('invitations_firm_idx', ['firmId'])
@Check('invitations_reachable', 'num_nonnulls("email", "phone") > 0')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** A mobile number, digits only (with a leading + for a country code). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ name: 'park_id', type: 'uuid', nullable: true })
  parkId: string | null;

  @Column({ name: 'firm_id', type: 'uuid', nullable: true })
  firmId: string | null;

  @Column({ name: 'invited_by', type: 'uuid' })
  invitedBy: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
