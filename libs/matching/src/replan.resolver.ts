import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, paginateArray, Principal, Role, Roles, toConnection } from '@vg/core';
import { yuanToFen } from './candidate-loader';
import {
  ReplanFirmUtilisationConnection,
  ReplanFirmUtilisationModel,
  ReplanJobConnection,
  ReplanJobModel,
  StartReplanInput,
} from './dto/replan.dto';
import { ReplanService } from './replan.service';

@Resolver(() => ReplanJobModel)
export class ReplanResolver {
  constructor(private readonly replans: ReplanService) {}

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Mutation(() => ReplanJobModel, {
    description:
      'Re-plan all open orders of the park together (nothing booked is touched); runs in the background — follow it with replanJob.',
  })
  async startReplan(
    @CurrentUser() principal: Principal,
    @Args('input', { nullable: true }) input?: StartReplanInput,
  ): Promise<ReplanJobModel> {
    const fairness = input?.fairness ?? {};
    const job = await this.replans.start(principal, input?.parkId ?? null, {
      ...(fairness.maxShareOfFirmFreeCapacity !== undefined
        ? { maxShareOfFirmFreeCapacity: fairness.maxShareOfFirmFreeCapacity }
        : {}),
      ...(fairness.preferClasses ? { preferClasses: fairness.preferClasses } : {}),
      ...(fairness.preferClassBonus ? { preferClassBonusFenPerUnit: yuanToFen(fairness.preferClassBonus) } : {}),
    });
    return ReplanJobModel.from(job);
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Mutation(() => ReplanJobModel, { description: 'Stop a running re-plan; nothing of it is applied.' })
  async cancelReplan(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ReplanJobModel> {
    return ReplanJobModel.from(await this.replans.cancel(principal, id));
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => ReplanJobModel)
  async replanJob(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ReplanJobModel> {
    return ReplanJobModel.from(await this.replans.get(principal, id));
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => ReplanJobConnection)
  async replanJobs(@CurrentUser() principal: Principal, @Args() page: PageArgs) {
    return toConnection(await this.replans.list(principal, page), ReplanJobModel.from, (job) => job.id);
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @ResolveField(() => ReplanFirmUtilisationConnection, {
    description: 'Per firm: free capacity and what the plan used.',
  })
  firmUtilisation(@Parent() job: ReplanJobModel, @Args() page: PageArgs) {
    const page_ = paginateArray(job.firms, page, (firm) => firm.firmId);
    return toConnection(
      page_,
      (firm: ReplanFirmUtilisationModel) => firm,
      (firm) => firm.firmId,
    );
  }
}
