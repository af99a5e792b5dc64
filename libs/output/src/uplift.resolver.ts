import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import {
  FirmUpliftArgs,
  FirmUpliftConnection,
  FirmUpliftModel,
  UpliftScopeArgs,
  UpliftSummaryModel,
  UpliftTraceModel,
} from './dto/uplift.models';
import { UpliftService } from './uplift.service';

@Resolver(() => FirmUpliftModel)
export class UpliftResolver {
  constructor(private readonly uplift: UpliftService) {}

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Query(() => FirmUpliftModel, { description: 'A firm’s output uplift since it joined the platform (or a group).' })
  firmUplift(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { asOfMonth, groupId }: FirmUpliftArgs,
  ): Promise<FirmUpliftModel> {
    return this.uplift.firm(principal, firmId, asOfMonth, groupId);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Query(() => UpliftTraceModel, {
    description: 'A firm’s uplift with the monthly records and platform months it came from.',
  })
  upliftTrace(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { asOfMonth, groupId }: FirmUpliftArgs,
  ): Promise<UpliftTraceModel> {
    return this.uplift.trace(principal, firmId, asOfMonth, groupId);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Query(() => UpliftSummaryModel, {
    description: 'Average uplift over covered firms and total added output: a park or a group.',
  })
  upliftSummary(@CurrentUser() principal: Principal, @Args() scope: UpliftScopeArgs): Promise<UpliftSummaryModel> {
    return this.uplift.summary(principal, scope);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Query(() => FirmUpliftConnection, { description: 'Every firm behind upliftSummary, by firm id.' })
  async upliftFirms(@CurrentUser() principal: Principal, @Args() scope: UpliftScopeArgs, @Args() page: PageArgs) {
    return toConnection(
      await this.uplift.firms(principal, scope, page),
      (row) => row,
      (row) => row.firmId,
    );
  }
}
