import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, mayRead, PageArgs, Principal, Resource, Role, Roles, toConnection } from '@vg/core';
import { CapacityCockpitService } from './capacity-cockpit.service';
import { CockpitScope } from './cockpit-scope';
import {
  CockpitAsOfArgs,
  CockpitCapacityArgs,
  CockpitMonthsArgs,
  CockpitParkArgs,
  CockpitRankingArgs,
  CockpitWindowArgs,
} from './dto/cockpit.args';
import { CockpitCapacityModel } from './dto/cockpit-capacity.models';
import { CockpitEvaluationModel, LowEfficiencyLandConnection } from './dto/cockpit-evaluation.models';
import { CockpitOrdersModel } from './dto/cockpit-orders.models';
import { CockpitOutputModel } from './dto/cockpit-output.models';
import { CockpitRankingModel } from './dto/cockpit-ranking.models';
import { CockpitUpliftModel } from './dto/cockpit-uplift.models';
import { GroupPerformanceModel } from './dto/group-performance.models';
import { EvaluationCockpitService } from './evaluation-cockpit.service';
import { GroupPerformanceService } from './group-performance.service';
import { OrdersCockpitService } from './orders-cockpit.service';
import { OutputCockpitService } from './output-cockpit.service';
import { RankingCockpitService } from './ranking-cockpit.service';
import { UpliftCockpitService } from './uplift-cockpit.service';

const ADMINS = [Role.PARK_ADMIN, Role.PLATFORM_ADMIN];

/** The park administrators' cockpit: each query is one park's figures, answered by a few set-based statements. */
@Resolver()
export class CockpitResolver {
  constructor(
    private readonly scope: CockpitScope,
    private readonly capacityCockpit: CapacityCockpitService,
    private readonly ordersCockpit: OrdersCockpitService,
    private readonly outputCockpit: OutputCockpitService,
    private readonly upliftCockpit: UpliftCockpitService,
    private readonly evaluationCockpit: EvaluationCockpitService,
    private readonly rankingCockpit: RankingCockpitService,
    private readonly groups: GroupPerformanceService,
  ) {}

  @Roles(...ADMINS)
  @Query(() => CockpitOutputModel, { description: 'Output value per month, by industry group and by chain stage.' })
  async cockpitOutput(
    @CurrentUser() principal: Principal,
    @Args() args: CockpitMonthsArgs,
  ): Promise<CockpitOutputModel> {
    return this.outputCockpit.output(await this.scope.parkOf(principal, args.parkId), args.fromMonth, args.toMonth);
  }

  @Roles(...ADMINS)
  @Query(() => CockpitCapacityModel, {
    description: 'Listed vs booked capacity per process per day or week; idle today.',
  })
  async cockpitCapacity(
    @CurrentUser() principal: Principal,
    @Args() args: CockpitCapacityArgs,
  ): Promise<CockpitCapacityModel> {
    const parkId = await this.scope.parkOf(principal, args.parkId);
    return this.capacityCockpit.capacity(parkId, args.from, args.to, args.granularity);
  }

  @Roles(...ADMINS)
  @Query(() => CockpitOrdersModel, {
    description: 'Orders posted, planned, confirmed, delivered; fill and on-time rates.',
  })
  async cockpitOrders(
    @CurrentUser() principal: Principal,
    @Args() args: CockpitWindowArgs,
  ): Promise<CockpitOrdersModel> {
    return this.ordersCockpit.orders(await this.scope.parkOf(principal, args.parkId), args.from, args.to);
  }

  @Roles(...ADMINS)
  @Query(() => CockpitUpliftModel, { description: 'Uplift distribution over covered firms and the total added value.' })
  async cockpitUplift(@CurrentUser() principal: Principal, @Args() args: CockpitAsOfArgs): Promise<CockpitUpliftModel> {
    return this.upliftCockpit.uplift(await this.scope.parkOf(principal, args.parkId), args.asOfMonth);
  }

  @Roles(...ADMINS)
  @Query(() => CockpitEvaluationModel, {
    description: 'The latest published evaluation: classes, movement, D-class land.',
  })
  async cockpitEvaluation(
    @CurrentUser() principal: Principal,
    @Args() args: CockpitParkArgs,
  ): Promise<CockpitEvaluationModel> {
    return this.evaluationCockpit.evaluation(await this.scope.parkOf(principal, args.parkId));
  }

  @Roles(...ADMINS)
  @Query(() => CockpitRankingModel, { description: 'Top and bottom firms by an indicator, each with its explanation.' })
  async cockpitRanking(
    @CurrentUser() principal: Principal,
    @Args() args: CockpitRankingArgs,
  ): Promise<CockpitRankingModel> {
    return this.rankingCockpit.ranking(await this.scope.parkOf(principal, args.parkId), args.indicator, args.first);
  }

  @Roles(...ADMINS)
  @Query(() => GroupPerformanceModel, {
    description: 'A virtual group’s output, uplift and classes, whole and per member.',
  })
  groupPerformance(
    @CurrentUser() principal: Principal,
    @IdArg('groupId') groupId: string,
    @Args() args: CockpitAsOfArgs,
  ): Promise<GroupPerformanceModel> {
    return this.groups.performance(principal, groupId, args.asOfMonth);
  }
}

@Resolver(() => CockpitEvaluationModel)
export class CockpitEvaluationResolver {
  constructor(private readonly evaluationCockpit: EvaluationCockpitService) {}

  @Roles(...ADMINS)
  @ResolveField(() => LowEfficiencyLandConnection, {
    description: 'D-class firms with the plots, land and tax per mu the evaluation used; lowest score first.',
  })
  async dLand(
    @CurrentUser() principal: Principal,
    @Parent() evaluation: CockpitEvaluationModel,
    @Args() page: PageArgs,
  ) {
    const readable = mayRead(principal, Resource.PARK, { parkIds: [evaluation.parkId] });
    const result = await this.evaluationCockpit.lowEfficiencyLand(readable ? evaluation.latestRoundId : null, page);
    return toConnection(
      result,
      (node) => node,
      (node) => `${node.score ?? 0}|${node.firmId}`,
    );
  }
}
