import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum SessionEndReason {
  SIGNED_OUT = 'SIGNED_OUT',
  SIGNED_OUT_EVERYWHERE = 'SIGNED_OUT_EVERYWHERE',
  /** A refresh token was presented after it had been rotated: someone else may hold the family. */
  REFRESH_REUSED = 'REFRESH_REUSED',
  /** The user's role, tenant, password or status changed since the session began. */
  USER_CHANGED = 'USER_CHANGED',
}

/**
 * One sign-in: the family of refresh tokens rotated from it, and the `sid` of its access tokens. Revoking the
 * session ends every token of the family at once.
 */
@Entity('auth_sessions')
@Index('auth_sessions_user_idx', ['userId'])
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The user's token version when the session began; a later change ends it. */
  @Column({ name: 'token_version', type: 'integer' })
  tokenVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 40, nullable: true })
  endReason: SessionEndReason | null;
}
