import { Module } from '@nestjs/common';
import { OutputModule } from '@vg/output';
import { EvaluationExportService } from './evaluation-export.service';
import { ObjectionsPoliciesResolver } from './objections-policies.resolver';
import { ObjectionsService } from './objections.service';
import { PoliciesService } from './policies.service';
import { PolicyLedgerWriter } from './policy-ledger.writer';
import { PopulationLoader } from './population-loader';
import { ResultsService } from './results.service';
import { RoundComputationService } from './round-computation.service';
import { RoundsResolver } from './rounds.resolver';
import { AdjustmentsResolver } from './adjustments.resolver';
import { AdjustmentsService } from './adjustments.service';
import { RoundsService } from './rounds.service';
import { SchemesService } from './schemes.service';
import { WhatIfService } from './what-if.service';

@Module({
  imports: [OutputModule],
  providers: [
    PopulationLoader,
    RoundComputationService,
    PolicyLedgerWriter,
    SchemesService,
    RoundsService,
    ResultsService,
    ObjectionsService,
    PoliciesService,
    WhatIfService,
    EvaluationExportService,
    RoundsResolver,
    AdjustmentsService,
    AdjustmentsResolver,
    ObjectionsPoliciesResolver,
  ],
  exports: [RoundsService, RoundComputationService, ResultsService],
})
export class EvaluationModule {}
