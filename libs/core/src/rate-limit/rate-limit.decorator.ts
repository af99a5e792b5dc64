import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'vg:rate-limit';

export interface RateLimitRule {
  /** Names the counter; operations sharing a bucket share the allowance. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * At most `limit` calls per caller (the signed-in user; the address for public operations) in each window of
 * `windowSeconds`; the next answers RATE_LIMITED. Counted in PostgreSQL, so every replica shares the count.
 */
export const RateLimit = (bucket: string, limit: number, windowSeconds: number) =>
  SetMetadata(RATE_LIMIT, { bucket, limit, windowSeconds } satisfies RateLimitRule);

export interface ExpensiveOperationRule extends RateLimitRule {
  /** Spent from the document's budget (`EXPENSIVE_FIELDS_BUDGET`) by each occurrence of the field. */
  weight: number;
}
