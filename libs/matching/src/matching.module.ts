import { Global, Module } from '@nestjs/common';
import { CapacityModule } from '@vg/capacity';
import { ORDER_PLANNER, OrdersModule } from '@vg/orders';
import { OutputModule } from '@vg/output';
import { CandidateLoader } from './candidate-loader';
import { FreeCapacitySnapshot } from './free-capacity-snapshot';
import { MatchingOrderPlanner } from './matching-order-planner';
import { MatchingResolver, PostOrderQuoteResolver } from './matching.resolver';
import { ProgressService } from './progress.service';
import { ProposalExpiryScheduler } from './proposal-expiry.scheduler';
import { ProposalQueryService } from './proposal-query.service';
import { ProposalWriter } from './proposal-writer';
import { ProposalService } from './proposal.service';
import { QuoteService } from './quote.service';
import { ReplanInputLoader } from './replan-input-loader';
import { ReplanRunner } from './replan-runner';
import { ReplanScheduler } from './replan-scheduler';
import { ReplanResolver } from './replan.resolver';
import { ReplanService } from './replan.service';
import { RequoteService } from './requote.service';

/**
 * Global only so that orders can be given its `ORDER_PLANNER` without importing matching (the arrow is
 * matching → orders); nothing else relies on it being global.
 */
@Global()
@Module({
  imports: [CapacityModule, OrdersModule, OutputModule],
  providers: [
    CandidateLoader,
    FreeCapacitySnapshot,
    QuoteService,
    ProposalWriter,
    MatchingOrderPlanner,
    { provide: ORDER_PLANNER, useExisting: MatchingOrderPlanner },
    RequoteService,
    ProposalService,
    ProposalQueryService,
    ProgressService,
    ProposalExpiryScheduler,
    MatchingResolver,
    PostOrderQuoteResolver,
    ReplanInputLoader,
    ReplanRunner,
    ReplanService,
    ReplanScheduler,
    ReplanResolver,
  ],
  exports: [ORDER_PLANNER, CandidateLoader, QuoteService, ProposalWriter, ProposalService, ReplanService],
})
export class MatchingModule {}
