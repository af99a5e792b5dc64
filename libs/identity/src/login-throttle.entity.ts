import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Consecutive failed sign-ins of one account from one address, and when the next attempt may be made. */
@Entity('login_throttles')
@Index('login_throttles_address_idx', ['address', 'nextAttemptAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 254 })
  account: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  /** Counted before the password is checked (an attempt in progress counts), reset by a successful sign-in. */
  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;
}

/** Failed (or in-progress) sign-ins from one address, whatever the account, in a fixed window. */
@Entity('login_address_throttles')
@Index('login_address_throttles_window_idx', ['windowStartedAt'])
export class LoginAddressThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'integer' })
  attempts: number;
}
