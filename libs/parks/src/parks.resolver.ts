import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { UserModel } from '@vg/identity';
import { ParkConnection, ParkModel } from './dto/park.model';
import { CreateParkAdminInput, CreateParkInput, ParkTransportSettingsInput, UpdateParkInput } from './dto/park.inputs';
import { ParksService } from './parks.service';

@Resolver(() => ParkModel)
export class ParksResolver {
  constructor(private readonly parksService: ParksService) {}

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Query(() => ParkModel)
  async park(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ParkModel> {
    return ParkModel.from(await this.parksService.get(principal, id));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Query(() => ParkConnection)
  async parks(@CurrentUser() principal: Principal, @Args() page: PageArgs) {
    return toConnection(await this.parksService.list(principal, page), ParkModel.from, (park) => park.id);
  }

  @Roles(Role.PLATFORM_ADMIN)
  @Mutation(() => ParkModel)
  async createPark(@Args('input') input: CreateParkInput): Promise<ParkModel> {
    return ParkModel.from(await this.parksService.create(input));
  }

  @Roles(Role.PLATFORM_ADMIN)
  @Mutation(() => ParkModel)
  async updatePark(@IdArg() id: string, @Args('input') input: UpdateParkInput): Promise<ParkModel> {
    return ParkModel.from(await this.parksService.update(id, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => ParkModel, { description: 'How the park’s plans cost transport, and its orders’ default radius.' })
  async setParkTransportSettings(
    @CurrentUser() principal: Principal,
    @IdArg('parkId') parkId: string,
    @Args('input') input: ParkTransportSettingsInput,
  ): Promise<ParkModel> {
    return ParkModel.from(await this.parksService.setTransportSettings(principal, parkId, input));
  }

  @Roles(Role.PLATFORM_ADMIN)
  @Mutation(() => UserModel, { description: 'Create the administrator account of a park.' })
  async createParkAdmin(@Args('input') input: CreateParkAdminInput): Promise<UserModel> {
    return UserModel.from(await this.parksService.createAdmin(input));
  }
}
