import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import {
  CurrentUser,
  DomainEvent,
  EventBus,
  ExpensiveOperation,
  IdArg,
  mayReceive,
  PageArgs,
  Principal,
  Role,
  Roles,
  toConnection,
} from '@vg/core';
import { OrderModel, PostOrderInput, PostOrderResultModel } from '@vg/orders';
import {
  DeclineProposalInput,
  DeliverStageInput,
  ProposalFilterInput,
  ReportProgressInput,
} from './dto/matching.inputs';
import {
  AcceptProposalResult,
  InsufficientCapacityModel,
  OrderEventModel,
  ProposalAcceptedModel,
  ProposalConnection,
  ProposalModel,
  QuoteModel,
} from './dto/matching.models';
import { QualifiedPlan } from './assignment-qualifications';
import { ProgressService } from './progress.service';
import { ProposalQueryService } from './proposal-query.service';
import { ProposalService } from './proposal.service';
import { QuoteService } from './quote.service';

const ALL_ROLES = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER];

@Resolver(() => OrderModel)
export class MatchingResolver {
  constructor(
    private readonly quotes: QuoteService,
    private readonly proposalService: ProposalService,
    private readonly proposalQueries: ProposalQueryService,
    private readonly progress: ProgressService,
    private readonly events: EventBus,
  ) {}

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @ExpensiveOperation({ bucket: 'quote', weight: 30, limit: 30, windowSeconds: 60 })
  @Query(() => QuoteModel, { description: 'An instant quote and delivery date, without posting (the key is ignored).' })
  async previewQuote(@Args('input') input: PostOrderInput): Promise<QuoteModel> {
    return QuoteModel.from(await this.quotes.preview(input));
  }

  @Roles(...ALL_ROLES)
  @Query(() => ProposalConnection, {
    description: 'Owners: proposals to their firm; admins: in their park; buyers: of their orders.',
  })
  async proposals(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ProposalFilterInput,
  ) {
    return toConnection(
      await this.proposalQueries.list(principal, filter ?? {}, page),
      (p) => p,
      (p) => p.id,
    );
  }

  @Roles(...ALL_ROLES)
  @Query(() => ProposalModel)
  proposal(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ProposalModel> {
    return this.proposalQueries.get(principal, id);
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => AcceptProposalResult, { description: 'Accept and book; InsufficientCapacity when it ran out.' })
  async acceptProposal(@CurrentUser() principal: Principal, @IdArg() id: string) {
    const outcome = await this.proposalService.accept(principal, id);
    if (outcome.kind === 'insufficient') return InsufficientCapacityModel.from(outcome);
    const [proposal] = await this.proposalQueries.toModels([outcome.proposal]);
    return ProposalAcceptedModel.from(proposal, OrderModel.from(outcome.order));
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'Decline with a reason; the proposal’s work goes back to matching.' })
  async declineProposal(@CurrentUser() principal: Principal, @Args('input') input: DeclineProposalInput) {
    const proposal = await this.proposalService.decline(principal, input.proposalId, input.reason);
    return (await this.proposalQueries.toModels([proposal]))[0];
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'Pieces done (and defective) on one day of accepted work.' })
  async reportProgress(@CurrentUser() principal: Principal, @Args('input') input: ReportProgressInput) {
    const proposal = await this.progress.report(principal, input);
    return (await this.proposalQueries.toModels([proposal]))[0];
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'The proposal is delivered; builds the on-time and quality record.' })
  async deliverStage(@CurrentUser() principal: Principal, @Args('input') input: DeliverStageInput) {
    const proposal = await this.progress.deliver(principal, input);
    return (await this.proposalQueries.toModels([proposal]))[0];
  }

  @Roles(...ALL_ROLES)
  @ResolveField(() => [ProposalModel], { description: 'The proposals of this order the caller may see.' })
  proposalsOf(@CurrentUser() principal: Principal, @Parent() order: OrderModel): Promise<ProposalModel[]> {
    return this.proposalQueries.ofOrder(principal, order.id);
  }

  @Roles(...ALL_ROLES)
  @Subscription(() => OrderEventModel, {
    description: 'Order and proposal events the caller may see, after they are committed.',
    // The bus also carries group and evaluation events; only those about an order belong here.
    filter: (event: DomainEvent, _args: unknown, context: { req: { user: Principal } }) =>
      typeof event.payload.orderId === 'string' && mayReceive(context.req.user, event),
    resolve: (event: DomainEvent) => OrderEventModel.from(event),
  })
  orderEvents(@Context() _context: unknown) {
    return this.events.asyncIterator();
  }
}

/** The quote made when an order was posted (orders keeps it; matching knows its shape). */
@Resolver(() => PostOrderResultModel)
export class PostOrderQuoteResolver {
  @Roles(Role.BUYER)
  @ResolveField(() => QuoteModel, { description: 'The quote made when the order was posted.' })
  quote(@Parent() result: PostOrderResultModel): QuoteModel {
    return QuoteModel.from(result.quote as QualifiedPlan);
  }
}
