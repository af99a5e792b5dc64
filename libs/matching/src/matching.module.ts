import { Module } from '@nestjs/common';
import { CapacityModule } from '@vg/capacity';
import { OrdersModule } from '@vg/orders';
import { CandidateLoader } from './candidate-loader';
import { MatchingResolver } from './matching.resolver';
import { OrderPlacementService } from './order-placement.service';
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

@Module({
  imports: [CapacityModule, OrdersModule],
  providers: [
    CandidateLoader,
    QuoteService,
    ProposalWriter,
    OrderPlacementService,
    ProposalService,
    ProposalQueryService,
    ProgressService,
    ProposalExpiryScheduler,
    MatchingResolver,
    ReplanInputLoader,
    ReplanRunner,
    ReplanService,
    ReplanScheduler,
    ReplanResolver,
  ],
  exports: [CandidateLoader, QuoteService, ProposalWriter, ProposalService, OrderPlacementService, ReplanService],
})
export class MatchingModule {}
