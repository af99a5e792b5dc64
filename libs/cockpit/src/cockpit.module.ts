import { Module } from '@nestjs/common';
import { CapacityCockpitService } from './capacity-cockpit.service';
import { CockpitEvaluationResolver, CockpitResolver } from './cockpit.resolver';
import { CockpitScope } from './cockpit-scope';
import { EvaluationCockpitService } from './evaluation-cockpit.service';
import { GroupPerformanceService } from './group-performance.service';
import { OrdersCockpitService } from './orders-cockpit.service';
import { OutputCockpitService } from './output-cockpit.service';
import { ParkEventsResolver } from './park-events.resolver';
import { RankingCockpitService } from './ranking-cockpit.service';
import { UpliftCockpitService } from './uplift-cockpit.service';

/** Read models over every other context's tables (read only, through SQL): it writes nothing. */
@Module({
  providers: [
    CockpitScope,
    CapacityCockpitService,
    OrdersCockpitService,
    OutputCockpitService,
    UpliftCockpitService,
    EvaluationCockpitService,
    RankingCockpitService,
    GroupPerformanceService,
    CockpitResolver,
    CockpitEvaluationResolver,
    ParkEventsResolver,
  ],
})
export class CockpitModule {}
