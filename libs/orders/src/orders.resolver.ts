import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { OrderFilterInput, PostOrderInput } from './dto/order.inputs';
import {
  OrderConnection,
  OrderHistoryEntryModel,
  OrderModel,
  OrderStageModel,
  PostOrderResultModel,
} from './dto/order.models';
import { OrderLifecycleService } from './order-lifecycle.service';
import { OrdersService } from './orders.service';

@Resolver(() => OrderModel)
export class OrdersResolver {
  constructor(
    private readonly ordersService: OrdersService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  @Roles(Role.BUYER)
  @Mutation(() => PostOrderResultModel, {
    description: 'Post an order: it is quoted at once and, when the quote is complete, proposals go to the firms.',
  })
  async postOrder(
    @CurrentUser() principal: Principal,
    @Args('input') input: PostOrderInput,
  ): Promise<PostOrderResultModel> {
    return PostOrderResultModel.from(await this.lifecycle.post(principal, input));
  }

  @Roles(Role.BUYER, Role.PLATFORM_ADMIN)
  @Mutation(() => OrderModel, { description: 'Cancel (OPEN, PLANNED or CONFIRMED): booked capacity is released.' })
  async cancelOrder(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<OrderModel> {
    return OrderModel.from(await this.lifecycle.cancel(principal, id));
  }

  @Roles(Role.BUYER)
  @Mutation(() => OrderModel, { description: 'Close a delivered order.' })
  async closeOrder(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<OrderModel> {
    return OrderModel.from(await this.lifecycle.close(principal, id));
  }

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.SME_OWNER, Role.PLATFORM_ADMIN)
  @Query(() => OrderModel)
  async order(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<OrderModel> {
    return OrderModel.from(await this.ordersService.get(principal, id));
  }

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.SME_OWNER, Role.PLATFORM_ADMIN)
  @Query(() => OrderConnection, {
    description: 'Buyers: their orders; admins: orders reaching their park; owners: their firm.',
  })
  async orders(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: OrderFilterInput,
  ) {
    return toConnection(await this.ordersService.list(principal, filter ?? {}, page), OrderModel.from, (o) => o.id);
  }

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.SME_OWNER, Role.PLATFORM_ADMIN)
  @ResolveField(() => [OrderStageModel])
  async stages(@CurrentUser() principal: Principal, @Parent() order: OrderModel): Promise<OrderStageModel[]> {
    return (await this.ordersService.stagesVisibleTo(principal, order.id)).map(OrderStageModel.from);
  }

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.SME_OWNER, Role.PLATFORM_ADMIN)
  @ResolveField(() => [OrderHistoryEntryModel], { description: 'Every change, oldest first (at most 500).' })
  async history(@CurrentUser() principal: Principal, @Parent() order: OrderModel): Promise<OrderHistoryEntryModel[]> {
    return (await this.ordersService.history(principal, order.id)).map(OrderHistoryEntryModel.from);
  }
}
