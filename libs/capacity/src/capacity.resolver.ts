import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, DateScalar, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { CapacityService } from './capacity.service';
import {
  CapacityListingFilterInput,
  CreateCapacityListingInput,
  UpdateCapacityListingInput,
} from './dto/capacity.inputs';
import { CapacityListingConnection, CapacityListingModel, DayUtilisationModel } from './dto/capacity.models';

@Resolver(() => CapacityListingModel)
export class CapacityResolver {
  constructor(private readonly capacity: CapacityService) {}

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Mutation(() => CapacityListingModel, { description: 'List capacity: opens one slot per day of the window.' })
  async createCapacityListing(
    @CurrentUser() principal: Principal,
    @Args('input') input: CreateCapacityListingInput,
  ): Promise<CapacityListingModel> {
    return CapacityListingModel.from(await this.capacity.create(principal, input));
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Mutation(() => CapacityListingModel)
  async updateCapacityListing(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args('input') input: UpdateCapacityListingInput,
  ): Promise<CapacityListingModel> {
    return CapacityListingModel.from(await this.capacity.update(principal, id, input));
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Mutation(() => CapacityListingModel, { description: 'Stop offering; what is booked stays booked.' })
  async withdrawCapacityListing(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
  ): Promise<CapacityListingModel> {
    return CapacityListingModel.from(await this.capacity.withdraw(principal, id));
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => CapacityListingModel)
  async capacityListing(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<CapacityListingModel> {
    return CapacityListingModel.from(await this.capacity.get(principal, id));
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => CapacityListingConnection)
  async capacityListings(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: CapacityListingFilterInput,
  ) {
    const result = await this.capacity.list(principal, filter ?? {}, page);
    return toConnection(result, CapacityListingModel.from, (listing) => listing.id);
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => [DayUtilisationModel], { description: 'Capacity and bookings per day and process; at most 92 days.' })
  async capacityUtilisation(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args('from', { type: () => DateScalar }) from: string,
    @Args('to', { type: () => DateScalar }) to: string,
  ): Promise<DayUtilisationModel[]> {
    return (await this.capacity.utilisation(principal, firmId, from, to)).map(DayUtilisationModel.from);
  }
}
