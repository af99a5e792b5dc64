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
import { OrderModel, PostOrderInput } from '@vg/orders';
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
  PostOrderResultModel,
  ProposalAcceptedModel,
  ProposalConnection,
  ProposalModel,
  QuoteModel,
} from './dto/matching.models';
import { OrderPlacementService } from './order-placement.service';
import { ProgressService } from './progress.service';
import { ProposalQueryService } from './proposal-query.service';
import { ProposalService } from './proposal.service';

const ALL_ROLES = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER];

@Resolver(() => OrderModel)
export class MatchingResolver {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly proposalService: ProposalService,
    private readonly proposalQueries: ProposalQueryService,
    private readonly progress: ProgressService,
    private readonly events: EventBus,
  ) {}

  @Roles(Role.BUYER)
  @Mutation(() => PostOrderResultModel, {
    description: 'Post an order: it is quoted at once and, when the quote is complete, proposals go to the firms.',
  })
  async postOrder(
    @CurrentUser() principal: Principal,
    @Args('input') input: PostOrderInput,
  ): Promise<PostOrderResultModel> {
    const placed = await this.placement.post(principal, input);
    return Object.assign(new PostOrderResultModel(), {
      order: OrderModel.from(placed.order),
      quote: QuoteModel.from(placed.plan),
      replayed: placed.replayed,
    });
  }

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @ExpensiveOperation({ bucket: 'quote', weight: 30, limit: 30, windowSeconds: 60 })
  @Query(() => QuoteModel, { description: 'An instant quote and delivery date, without posting (the key is ignored).' })
  async previewQuote(@Args('input') input: PostOrderInput): Promise<QuoteModel> {
    return QuoteModel.from(await this.placement.preview(input));
  }

  @Roles(Role.BUYER, Role.PLATFORM_ADMIN)
  @Mutation(() => OrderModel, { description: 'Cancel (OPEN, PLANNED or CONFIRMED): booked capacity is released.' })
  async cancelOrder(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<OrderModel> {
    return OrderModel.from(await this.placement.cancel(principal, id));
  }

  @Roles(Role.BUYER)
  @Mutation(() => OrderModel, { description: 'Close a delivered order.' })
  async closeOrder(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<OrderModel> {
    return OrderModel.from(await this.placement.close(principal, id));
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
    if (outcome.kind === 'insufficient') {
      return Object.assign(new InsufficientCapacityModel(), {
        proposalId: outcome.allocationId,
        requested: outcome.requested,
        available: outcome.available,
      });
    }
    const [proposal] = await this.proposalQueries.toModels([outcome.allocation]);
    return Object.assign(new ProposalAcceptedModel(), { proposal, order: OrderModel.from(outcome.order) });
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'Decline with a reason; the share goes back to matching.' })
  async declineProposal(@CurrentUser() principal: Principal, @Args('input') input: DeclineProposalInput) {
    const allocation = await this.proposalService.decline(principal, input.proposalId, input.reason);
    return (await this.proposalQueries.toModels([allocation]))[0];
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'Pieces done (and defective) on one day of accepted work.' })
  async reportProgress(@CurrentUser() principal: Principal, @Args('input') input: ReportProgressInput) {
    const allocation = await this.progress.report(principal, { allocationId: input.proposalId, ...input });
    return (await this.proposalQueries.toModels([allocation]))[0];
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => ProposalModel, { description: 'The share is delivered; builds the on-time and quality record.' })
  async deliverStage(@CurrentUser() principal: Principal, @Args('input') input: DeliverStageInput) {
    const allocation = await this.progress.deliver(principal, { allocationId: input.proposalId, ...input });
    return (await this.proposalQueries.toModels([allocation]))[0];
  }

  @Roles(...ALL_ROLES)
  @ResolveField(() => [ProposalModel], { description: 'The shares of this order the caller may see.' })
  proposalsOf(@CurrentUser() principal: Principal, @Parent() order: OrderModel): Promise<ProposalModel[]> {
    return this.proposalQueries.ofOrder(principal, order.id);
  }

  @Roles(...ALL_ROLES)
  @Subscription(() => OrderEventModel, {
    description: 'Order and proposal events the caller may see, after they are committed.',
    // The bus also carries group and evaluation events; only those about an order belong here.
    filter: (event: DomainEvent, _args: unknown, context: { req: { user: Principal } }) =>
      typeof event.payload.orderId === 'string' && mayReceive(context.req.user, event),
    resolve: (event: DomainEvent) =>
      Object.assign(new OrderEventModel(), {
        type: event.type,
        orderId: String(event.payload.orderId ?? event.subjectId),
        subjectId: event.subjectId,
        payload: JSON.stringify(event.payload),
        occurredAt: new Date(event.occurredAt),
      }),
  })
  orderEvents(@Context() _context: unknown) {
    return this.events.asyncIterator();
  }
}
