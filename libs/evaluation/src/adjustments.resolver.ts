import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { AdjustmentsService } from './adjustments.service';
import {
  EvaluationAdjustmentConnection,
  EvaluationAdjustmentModel,
  RecordEvaluationAdjustmentInput,
} from './dto/adjustment.dto';

@Resolver(() => EvaluationAdjustmentModel)
export class AdjustmentsResolver {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationAdjustmentModel, {
    nullable: true,
    description:
      'Record an item count, override or exemption for a firm on a draft round (null when an item count of 0 removes it); compute again to apply.',
  })
  async recordEvaluationAdjustment(
    @CurrentUser() principal: Principal,
    @Args('input') input: RecordEvaluationAdjustmentInput,
  ): Promise<EvaluationAdjustmentModel | null> {
    const recorded = await this.adjustments.record(principal, input);
    return recorded ? EvaluationAdjustmentModel.from(recorded) : null;
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN, Role.SME_OWNER)
  @Query(() => EvaluationAdjustmentConnection, { description: 'A round’s adjustments; an owner sees only their own.' })
  async evaluationAdjustments(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() page: PageArgs,
  ) {
    return toConnection(
      await this.adjustments.list(principal, roundId, page),
      EvaluationAdjustmentModel.from,
      (adjustment) => adjustment.id,
    );
  }
}
