import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode, Tx, UnitOfWork } from '@vg/core';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The sign-in throttle. Exact rule:
 * - per account and address: the first `freeFailures` consecutive failures cost nothing; after the n-th failure
 *   (n ≥ freeFailures) the next attempt waits `firstDelaySeconds × 2^(n − freeFailures)` seconds, at most
 *   `maxDelaySeconds`. A successful sign-in from that address resets the count;
 * - per address, whatever the account: at most `perAddressCeiling` failed sign-ins in a window of
 *   `addressWindowMinutes` (counted from the window's first failure);
 * - an attempt counts as failed from the moment it is let through until its password proves right, so parallel
 *   attempts cannot all slip past the count; a refused attempt checks no password and counts nothing;
 * - nothing is counted per account alone, so failures from one address never lock the owner out from another.
 * IPv6 addresses count by their /64 (one subscriber's network).
 */
export const LOGIN_THROTTLE = {
  freeFailures: 5,
  firstDelaySeconds: 5,
  maxDelaySeconds: 15 * 60,
  perAddressCeiling: 30,
  addressWindowMinutes: 15,
} as const;

@Injectable()
export class LoginThrottleService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Lets one attempt through (counted as failed until `succeeded`), or throws RATE_LIMITED without counting it. */
  async admit(account: string, clientAddress: string): Promise<void> {
    const address = throttleAddress(clientAddress);
    const refusal = await this.unitOfWork.run(async (tx) => {
      if (!(await this.countAddress(tx, address))) {
        return `Too many failed sign-ins from this address; try again within ${LOGIN_THROTTLE.addressWindowMinutes} minutes`;
      }
      const waitSeconds = await this.countAccount(tx, account, address);
      if (waitSeconds === null) return null;
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `Too many failed sign-ins for this account from this address; try again in ${waitSeconds} s`,
      );
    });
    if (refusal) throw new AppError(ErrorCode.RATE_LIMITED, refusal);
  }

  /** The password was right: this account's count from this address starts again, and the address gets its try back. */
  async succeeded(account: string, clientAddress: string): Promise<void> {
    const address = throttleAddress(clientAddress);
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.query('DELETE FROM login_throttles WHERE account = $1 AND address = $2', [account, address]);
      await tx.manager.query(
        'UPDATE login_address_throttles SET attempts = greatest(attempts - 1, 0) WHERE address = $1',
        [address],
      );
    });
  }

  /** False when the address has used up its window. The row lock serialises the address's concurrent attempts. */
  private async countAddress(tx: Tx, address: string): Promise<boolean> {
    const window = `make_interval(mins => ${LOGIN_THROTTLE.addressWindowMinutes})`;
    const rows: { attempts: number; fresh: boolean }[] = await tx.manager.query(
      `WITH counted AS (
         INSERT INTO login_address_throttles AS t (address, window_started_at, attempts) VALUES ($1, now(), 1)
         ON CONFLICT (address) DO UPDATE SET
           attempts = CASE WHEN t.window_started_at <= now() - ${window} THEN 1 ELSE t.attempts + 1 END,
           window_started_at = CASE WHEN t.window_started_at <= now() - ${window} THEN now() ELSE t.window_started_at END
         WHERE t.window_started_at <= now() - ${window} OR t.attempts < $2
         RETURNING attempts, window_started_at = now() AS fresh)
       SELECT attempts, fresh FROM counted`,
      [address, LOGIN_THROTTLE.perAddressCeiling],
    );
    if (rows[0]?.fresh) {
      // A new window is a good moment to forget what is long over (keeps both tables small).
      await tx.manager.query(
        `DELETE FROM login_throttles WHERE address = $1 AND next_attempt_at < now() - interval '1 day'`,
        [address],
      );
      await tx.manager.query(`DELETE FROM login_address_throttles WHERE window_started_at < now() - interval '1 day'`);
    }
    return rows.length > 0;
  }

  /** Null when the attempt may go ahead (now counted); otherwise the seconds left to wait. */
  private async countAccount(tx: Tx, account: string, address: string): Promise<number | null> {
    const { freeFailures, firstDelaySeconds, maxDelaySeconds } = LOGIN_THROTTLE;
    const admitted: unknown[] = await tx.manager.query(
      `WITH counted AS (
         INSERT INTO login_throttles AS t (account, address, failures, next_attempt_at) VALUES ($1, $2, 1, now())
         ON CONFLICT (account, address) DO UPDATE SET
           failures = t.failures + 1,
           next_attempt_at = now() + make_interval(secs => CASE WHEN t.failures + 1 < $3 THEN 0
             ELSE least($4 * power(2, t.failures + 1 - $3), $5) END)
         WHERE t.next_attempt_at <= now()
         RETURNING failures)
       SELECT failures FROM counted`,
      [account, address, freeFailures, firstDelaySeconds, maxDelaySeconds],
    );
    if (admitted.length) return null;
    const [row]: { wait: number }[] = await tx.manager.query(
      `SELECT ceil(extract(epoch FROM next_attempt_at - now()))::int AS wait
         FROM login_throttles WHERE account = $1 AND address = $2`,
      [account, address],
    );
    return Math.max(1, row?.wait ?? 1);
  }
}

/** The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix. */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
