import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import {
  AddProcessInput,
  CreateFirmInput,
  FirmFilterInput,
  InviteSmeOwnerInput,
  LandPlotInput,
  UpdateFirmInput,
} from './dto/firm.inputs';
import {
  FirmConnection,
  FirmModel,
  FirmOwnerInvitationModel,
  LandPlotModel,
  ProcessConnection,
  ProcessModel,
} from './dto/firm.models';
import { FirmOwnerInvitationService } from './firm-owner-invitation.service';
import { FirmsService } from './firms.service';
import { LandPlotsService } from './land-plots.service';
import { ProcessCatalogueService } from './process-catalogue.service';

@Resolver(() => FirmModel)
export class FirmsResolver {
  constructor(
    private readonly firmsService: FirmsService,
    private readonly plots: LandPlotsService,
    private readonly catalogue: ProcessCatalogueService,
    private readonly invitations: FirmOwnerInvitationService,
  ) {}

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Query(() => FirmModel)
  async firm(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<FirmModel> {
    return FirmModel.from(await this.firmsService.get(principal, id));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Query(() => FirmConnection, { description: 'Firms the caller may see, by id; an owner sees only their own.' })
  async firms(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: FirmFilterInput,
  ) {
    const result = await this.firmsService.list(principal, filter ?? {}, page);
    return toConnection(result, FirmModel.from, (details) => details.firm.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => FirmModel)
  async createFirm(@CurrentUser() principal: Principal, @Args('input') input: CreateFirmInput): Promise<FirmModel> {
    return FirmModel.from(await this.firmsService.create(principal, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => FirmModel, {
    description: 'Owners may change only employees, address, the site location and processes.',
  })
  async updateFirm(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args('input') input: UpdateFirmInput,
  ): Promise<FirmModel> {
    return FirmModel.from(await this.firmsService.update(principal, id, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => LandPlotModel)
  async addLandPlot(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args('input') input: LandPlotInput,
  ): Promise<LandPlotModel> {
    return LandPlotModel.from(await this.plots.add(principal, firmId, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => LandPlotModel)
  async updateLandPlot(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args('input') input: LandPlotInput,
  ): Promise<LandPlotModel> {
    return LandPlotModel.from(await this.plots.update(principal, id, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => String, { description: 'Returns the id of the removed plot.' })
  removeLandPlot(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<string> {
    return this.plots.remove(principal, id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => FirmOwnerInvitationModel, { description: 'Invite the owner of a firm in your park.' })
  async inviteSmeOwner(
    @CurrentUser() principal: Principal,
    @Args('input') input: InviteSmeOwnerInput,
  ): Promise<FirmOwnerInvitationModel> {
    return FirmOwnerInvitationModel.from(await this.invitations.invite(principal, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER)
  @Query(() => ProcessConnection, { description: 'The process catalogue: shared entries and your park’s own.' })
  async processes(@CurrentUser() principal: Principal, @Args() page: PageArgs) {
    return toConnection(await this.catalogue.list(principal, page), ProcessModel.from, (process) => process.code);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => ProcessModel, {
    description: 'Platform admins extend the shared catalogue; park admins their park’s.',
  })
  async addProcess(@CurrentUser() principal: Principal, @Args('input') input: AddProcessInput): Promise<ProcessModel> {
    return ProcessModel.from(await this.catalogue.add(principal, input));
  }
}
