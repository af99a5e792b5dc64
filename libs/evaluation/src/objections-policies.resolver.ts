import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import {
  ClassPolicyFilterInput,
  CreateClassPolicyInput,
  DecideObjectionInput,
  FileObjectionInput,
  LedgerFilterInput,
  ObjectionFilterInput,
} from './dto/evaluation.inputs';
import { ObjectionConnection, ObjectionModel } from './dto/objection.models';
import {
  ClassPolicyConnection,
  ClassPolicyModel,
  PolicyLedgerEntryConnection,
  PolicyLedgerEntryModel,
} from './dto/policy.models';
import { ObjectionsService } from './objections.service';
import { PoliciesService } from './policies.service';

const READERS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER];

@Resolver(() => ObjectionModel)
export class ObjectionsPoliciesResolver {
  constructor(
    private readonly objections: ObjectionsService,
    private readonly policies: PoliciesService,
  ) {}

  @Roles(Role.SME_OWNER)
  @Mutation(() => ObjectionModel, { description: 'Object to your result while the round is on notice, with evidence.' })
  async fileEvaluationObjection(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args('input') input: FileObjectionInput,
  ): Promise<ObjectionModel> {
    return ObjectionModel.from(await this.objections.file(principal, roundId, input));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => ObjectionModel, {
    description: 'Accept (figures written, round recomputed) or reject (with a reason) an objection.',
  })
  async decideEvaluationObjection(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args('input') input: DecideObjectionInput,
  ): Promise<ObjectionModel> {
    return ObjectionModel.from(await this.objections.decide(principal, id, input));
  }

  @Roles(...READERS)
  @Query(() => ObjectionConnection, { description: 'Objections to a round (firms: their own).' })
  async evaluationObjections(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ObjectionFilterInput,
  ) {
    const result = await this.objections.list(principal, roundId, filter ?? {}, page);
    return toConnection(result, ObjectionModel.from, (objection) => objection.id);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Query(() => ClassPolicyConnection, { description: 'Your park’s measures per class.' })
  async classPolicies(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ClassPolicyFilterInput,
  ) {
    const result = await this.policies.list(principal, filter ?? {}, page);
    return toConnection(result, ClassPolicyModel.from, (policy) => policy.id);
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => ClassPolicyModel, { description: 'Add a measure for a class, e.g. D: +0.3 元/kWh.' })
  async createClassPolicy(
    @CurrentUser() principal: Principal,
    @Args('input') input: CreateClassPolicyInput,
  ): Promise<ClassPolicyModel> {
    return ClassPolicyModel.from(await this.policies.create(principal, input));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => ClassPolicyModel, { description: 'Stop a measure for future rounds (ledgers keep pointing at it).' })
  async retireClassPolicy(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ClassPolicyModel> {
    return ClassPolicyModel.from(await this.policies.retire(principal, id));
  }

  @Roles(...READERS)
  @Query(() => PolicyLedgerEntryConnection, {
    description: 'The measures a published round applied (firms: their own).',
  })
  async policyLedger(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: LedgerFilterInput,
  ) {
    const result = await this.policies.ledger(principal, roundId, filter ?? {}, page);
    return toConnection(result, PolicyLedgerEntryModel.from, (entry) => entry.id);
  }
}
