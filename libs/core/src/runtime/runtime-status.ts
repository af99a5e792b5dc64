import { Injectable } from '@nestjs/common';

export type RedisState = 'off' | 'up' | 'down';

/**
 * What readiness reports and shutdown waits on: whether the process is draining, how many HTTP requests are in
 * flight, and whether the optional Redis is reachable.
 */
@Injectable()
export class RuntimeStatus {
  private drainingSince: number | null = null;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  redis: RedisState = 'off';

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  requestStarted(): void {
    this.inFlight += 1;
  }

  requestFinished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passes first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
