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
  ],
  exports: [CandidateLoader, QuoteService, ProposalWriter, ProposalService, OrderPlacementService],
})
export class MatchingModule {}
