import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ProposalService } from './proposal.service';

const SWEEP_EVERY_MS = 60_000;

/** Expires unanswered proposals once a minute; every replica may run it (rows are taken with SKIP LOCKED). */
@Injectable()
export class ProposalExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProposalExpiryScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly proposals: ProposalService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.proposals
        .expireOverdue()
        .then((expired) => expired && this.logger.log(`${expired} proposals expired and re-quoted`))
        .catch((error: unknown) => this.logger.warn(`expiry sweep failed: ${String(error)}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
