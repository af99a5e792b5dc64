import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { requestFromContext } from '../auth/access.decorators';
import { AppError, ErrorCode } from '../errors';
import { RATE_LIMIT, RateLimitRule } from './rate-limit.decorator';

/** Applies `@RateLimit` after the guard (so the caller is known), with one atomic upsert per call. */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT, context.getHandler());
    if (rule) {
      const request = requestFromContext(context);
      const subject = request.user ? `user:${request.user.userId}` : `ip:${request.ip ?? 'unknown'}`;
      if (!(await this.count(rule, subject))) {
        throw new AppError(
          ErrorCode.RATE_LIMITED,
          `At most ${rule.limit} calls of this kind per ${rule.windowSeconds} s; try again shortly`,
        );
      }
    }
    return next.handle();
  }

  /** True when the call fits in the window (and is now counted). */
  private async count(rule: RateLimitRule, subject: string): Promise<boolean> {
    const window = 'make_interval(secs => $3)';
    const rows: unknown[] = await this.dataSource.query(
      `WITH counted AS (
         INSERT INTO rate_limit_buckets AS b (bucket, subject, window_started_at, hits) VALUES ($1, $2, now(), 1)
         ON CONFLICT (bucket, subject) DO UPDATE SET
           hits = CASE WHEN b.window_started_at <= now() - ${window} THEN 1 ELSE b.hits + 1 END,
           window_started_at = CASE WHEN b.window_started_at <= now() - ${window} THEN now() ELSE b.window_started_at END
         WHERE b.window_started_at <= now() - ${window} OR b.hits < $4
         RETURNING hits)
       SELECT hits FROM counted`,
      [rule.bucket, subject.slice(0, 100), rule.windowSeconds, rule.limit],
    );
    return rows.length > 0;
  }
}
