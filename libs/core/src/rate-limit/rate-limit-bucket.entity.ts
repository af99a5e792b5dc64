import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Calls of one rate-limited operation by one caller in the current fixed window (shared by every replica). */
@Entity('rate_limit_buckets')
export class RateLimitBucketEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  bucket: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  subject: string;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'integer' })
  hits: number;
}
