import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobQueue } from '@vg/jobs';
import { ProposalService } from './proposal.service';

const SWEEP_EVERY_SECONDS = 60;
export const PROPOSAL_EXPIRY_JOB = 'proposal-expiry';

/**
 * Expires unanswered proposals once a minute, once per fleet: every replica ticks, and the queue accepts one
 * `proposal-expiry` job per minute (a singleton per time slot), which one worker runs. Rows are taken with SKIP
 * LOCKED all the same, so a sweep that overruns its minute never clashes with the next.
 */
@Injectable()
export class ProposalExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProposalExpiryScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly proposals: ProposalService,
    private readonly queue: JobQueue,
  ) {
    queue.define<Record<string, never>>({
      kind: PROPOSAL_EXPIRY_JOB,
      retryLimit: 1,
      retryDelaySeconds: 10,
      heartbeatSeconds: 30,
      expireInSeconds: 10 * 60,
      concurrency: 1,
      run: async () => {
        const expired = await this.proposals.expireOverdue();
        if (expired) this.logger.log(`${expired} proposals expired and re-quoted`);
        return { expired };
      },
      // The next minute's sweep takes the same proposals: nothing is lost by giving up on this one.
      deadLettered: async (_data, reason) => this.logger.warn(`expiry sweep given up: ${reason}`),
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), SWEEP_EVERY_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Asks for this minute's sweep; the queue keeps only the first ask of the fleet in each minute. */
  tick(): Promise<string | null> {
    return this.queue
      .send({
        kind: PROPOSAL_EXPIRY_JOB,
        data: {},
        singleton: { key: PROPOSAL_EXPIRY_JOB, seconds: SWEEP_EVERY_SECONDS },
      })
      .catch((error: unknown) => {
        this.logger.warn(`expiry sweep not queued: ${String(error)}`);
        return null;
      });
  }
}
