import { Injectable } from '@nestjs/common';

export type RedisState = 'off' | 'up' | 'down';

/**
 * What readiness reports and the shutdown logs: whether the process is draining, how many HTTP requests are in
 * flight, and whether the optional Redis is reachable.
 */
@Injectable()
export class RuntimeStatus {
  private drainingSince: number | null = null;
  private inFlight = 0;
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
  }
}
