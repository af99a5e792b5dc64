import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import {
  AddGroupMemberInput,
  EndGroupMembershipInput,
  FormVirtualGroupInput,
  RejectVirtualGroupInput,
  VirtualGroupFilterInput,
} from './dto/group.inputs';
import { VirtualGroupConnection, VirtualGroupModel } from './dto/group.models';
import { GroupQueriesService } from './group-queries.service';
import { VirtualGroupsService } from './virtual-groups.service';

@Resolver(() => VirtualGroupModel)
export class VirtualGroupsResolver {
  constructor(
    private readonly groups: VirtualGroupsService,
    private readonly queries: GroupQueriesService,
  ) {}

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER)
  @Query(() => VirtualGroupModel, {
    description: 'Admins: their park’s groups; owners: groups of their firm; buyers: active groups.',
  })
  virtualGroup(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<VirtualGroupModel> {
    return this.queries.get(principal, id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER)
  @Query(() => VirtualGroupConnection)
  async virtualGroups(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: VirtualGroupFilterInput,
  ) {
    return toConnection(
      await this.queries.list(principal, filter ?? {}, page),
      (group) => group,
      (group) => group.id,
    );
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => VirtualGroupModel, {
    description: 'A park admin forms an active group; a lead firm’s owner proposes one for the admin to approve.',
  })
  async formVirtualGroup(
    @CurrentUser() principal: Principal,
    @Args('input') input: FormVirtualGroupInput,
  ): Promise<VirtualGroupModel> {
    const group = await this.groups.form(principal, input);
    return this.queries.get(principal, group.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => VirtualGroupModel, { description: 'PENDING_APPROVAL → ACTIVE.' })
  async approveVirtualGroup(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<VirtualGroupModel> {
    const group = await this.groups.approve(principal, id);
    return this.queries.get(principal, group.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => VirtualGroupModel, { description: 'PENDING_APPROVAL → REJECTED, with the reason.' })
  async rejectVirtualGroup(
    @CurrentUser() principal: Principal,
    @Args('input') input: RejectVirtualGroupInput,
  ): Promise<VirtualGroupModel> {
    const group = await this.groups.reject(principal, input.groupId, input.reason);
    return this.queries.get(principal, group.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => VirtualGroupModel, {
    description: 'ACTIVE → DISSOLVED; open memberships end today (kept as history).',
  })
  async dissolveVirtualGroup(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<VirtualGroupModel> {
    const group = await this.groups.dissolve(principal, id);
    return this.queries.get(principal, group.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => VirtualGroupModel, { description: 'The park admin or the lead firm adds a member for one stage.' })
  async addGroupMember(
    @CurrentUser() principal: Principal,
    @Args('input') input: AddGroupMemberInput,
  ): Promise<VirtualGroupModel> {
    const member = await this.groups.addMember(principal, input);
    return this.queries.get(principal, member.groupId);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => VirtualGroupModel, {
    description: 'A member leaves (the park admin, the lead firm or the member itself); its history is kept.',
  })
  async endGroupMembership(
    @CurrentUser() principal: Principal,
    @Args('input') input: EndGroupMembershipInput,
  ): Promise<VirtualGroupModel> {
    const member = await this.groups.endMembership(principal, input);
    return this.queries.get(principal, member.groupId);
  }
}
